package main

import (
	"context"
	"fmt"
)

// runCase runs the case's sides alternately, loader first, runs times, and
// checks the target after every run.
func (b *bench) runCase(ctx context.Context, c benchCase) (*caseResult, error) {
	want, rows := b.data.Want, b.cfg.n
	if c.want != nil {
		want, rows = *c.want, int(c.want.Rows)
	}
	res := newCaseResult(c, rows, want.Rows)
	reused := b.results[c.refFrom]
	if c.setup != nil {
		if err := c.setup(ctx); err != nil {
			return nil, fmt.Errorf("case %s: setting up: %w", c.name, err)
		}
	}
	for i := 1; i <= b.cfg.runs; i++ {
		m, err := b.once(ctx, c.name, "loader", i, c.loader, want)
		if err != nil {
			return res, err
		}
		res.addLoader(m)
		if reused != nil {
			continue
		}
		if m, err = b.once(ctx, c.name, "reference", i, c.ref, want); err != nil {
			return res, err
		}
		res.ReferenceSeconds = append(res.ReferenceSeconds, m.seconds)
	}
	if reused != nil {
		res.ReferenceSeconds = reused.ReferenceSeconds
		res.ReferenceFrom = c.refFrom
	}
	if c.publish != nil {
		res.PublishSeconds = c.publish()
	}
	res.finish()
	b.results[c.name] = res
	return res, nil
}

func (b *bench) once(ctx context.Context, name, sideName string, run int, s side, want digest) (measurement, error) {
	fail := func(what string, err error) (measurement, error) {
		return measurement{}, fmt.Errorf("case %s, %s run %d: %s: %w", name, sideName, run, what, err)
	}
	if err := s.prepare(ctx); err != nil {
		return fail("preparing", err)
	}
	m, err := s.timed(ctx)
	if err != nil {
		return fail("running", err)
	}
	got, err := s.digest(ctx)
	if err != nil {
		return fail("checking", err)
	}
	if err := check(name, sideName, run, got, want); err != nil {
		return m, err
	}
	fmt.Fprintf(b.log, "%-16s run %d/%d  %-9s %8.3f s%s\n", name, run, b.cfg.runs, sideName, m.seconds, rssNote(sideName, m))
	return m, nil
}

func rssNote(sideName string, m measurement) string {
	if sideName != "loader" {
		return ""
	}
	return fmt.Sprintf("  peak RSS %.1f MB", mb(m.maxRSSKiB))
}
