package httpsource

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
)

// checkPaginate checks that one kind of pagination is set, completely,
// fills its defaults and returns the kind.
func checkPaginate(p *Paginate) (string, error) {
	var kinds []string
	if p.NextURL != "" {
		kinds = append(kinds, byNextURL)
	}
	if p.LinkHeader {
		kinds = append(kinds, byLink)
	}
	if p.Cursor != nil {
		kinds = append(kinds, byCursor)
	}
	if p.Offset != nil {
		kinds = append(kinds, byOffset)
	}
	if p.Page != nil {
		kinds = append(kinds, byPage)
	}
	switch {
	case len(kinds) > 1:
		return "", fmt.Errorf("paginate: %v are set; set exactly one of next_url, link_header, cursor, offset and page", kinds)
	case len(kinds) == 0 && (p.Total != "" || p.HasMore != "" || p.MaxPages != 0):
		return "", errors.New("paginate: stop rules without a way to ask for the next page; set one of next_url, link_header, cursor, offset and page")
	case p.MaxPages < 0:
		return "", fmt.Errorf("paginate.max_pages: %d is below 0; leave it out for no limit", p.MaxPages)
	case len(kinds) == 0:
		return byNone, nil
	}
	by := kinds[0]
	if p.Total != "" && by != byOffset && by != byPage {
		return "", fmt.Errorf("paginate.total: only offset and page pagination stop at a total, not %s", by)
	}
	return by, checkKind(p, by)
}

// checkKind checks the settings of the kind by and fills its defaults.
func checkKind(p *Paginate, by string) error {
	switch by {
	case byCursor:
		c := p.Cursor
		if (c.Path == "") == (c.Header == "") {
			return errors.New("paginate.cursor: set path (where the body holds the next token) or header, one of the two")
		}
		if c.Param == "" {
			return errors.New("paginate.cursor.param: missing; set the query parameter the token is sent as")
		}
	case byOffset:
		o := p.Offset
		o.Param, o.LimitParam = or(o.Param, "offset"), or(o.LimitParam, "limit")
		if o.Limit < 0 {
			return fmt.Errorf("paginate.offset.limit: %d is below 1", o.Limit)
		}
		if o.Limit == 0 {
			o.Limit = 100
		}
	case byPage:
		pg := p.Page
		pg.Param = or(pg.Param, "page")
		if pg.Size < 0 {
			return fmt.Errorf("paginate.page.size: %d is below 1", pg.Size)
		}
		if p.Total != "" && pg.Size == 0 {
			return errors.New("paginate.total: a total of records needs paginate.page.size to count pages")
		}
	}
	return nil
}

// checkIncremental checks the cursor settings.
func checkIncremental(c *Incremental, mode etl.Mode) error {
	switch {
	case c.Field == "":
		return errors.New("cursor.field: missing; set the record key whose highest value is sent by the next run")
	case c.Param == "":
		return errors.New("cursor.param: missing; set the query parameter that carries the value")
	}
	l, err := parseLag(c.Lag)
	if err != nil {
		return err
	}
	if !l.zero() && mode != etl.Upsert {
		return errors.New("cursor.lag re-reads records already loaded; use mode: upsert with keys so they replace themselves")
	}
	return nil
}

// lag is what is taken from the maximum: a duration or a number.
type lag struct {
	d time.Duration
	n decimal.Decimal
	// number tells n is meant (lag: 10), not d (lag: 5m).
	number bool
}

func (l lag) zero() bool { return l.d == 0 && l.n.IsZero() }

// parseLag reads a lag: a number, or a Go duration.
func parseLag(s string) (lag, error) {
	if s == "" {
		return lag{}, nil
	}
	if n, err := decimal.NewFromString(s); err == nil && !n.IsNegative() {
		return lag{n: n, number: true}, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return lag{d: d}, nil
	}
	return lag{}, fmt.Errorf("cursor.lag: %q is neither a duration like 5m (time values) nor a number (numeric values)", s)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
