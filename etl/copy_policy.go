package etl

// copyPolicy decides when an upsert batch first tries a plain COPY: always
// while COPY keeps succeeding (a first load), then, after a conflict, only
// every 2nd, 4th, … up to 64th batch (a reload over existing rows), so a
// failed attempt costs little.
type copyPolicy struct {
	skip, backoff int
	tried         bool
}

func (c *copyPolicy) try() bool {
	c.tried = c.skip == 0
	if c.skip > 0 {
		c.skip--
	}
	return c.tried
}

func (c *copyPolicy) record(copied bool) {
	switch {
	case copied:
		c.backoff = 0
	case c.tried:
		c.backoff = min(max(1, c.backoff*2), 64)
		c.skip = c.backoff
	}
}
