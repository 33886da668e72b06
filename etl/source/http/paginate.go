package httpsource

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/warehouse-loader/loader/internal/httpclient"
)

// follow decides, from the response to page p, whether it was the last
// and, if not, the position of the next one. At max_pages pages in the
// run, the run stops (p.cut) with the next position known, for the next
// run to go on from.
func (g *pager) follow(ctx context.Context, p *page, resp *httpclient.Response) error {
	s, pg := g.s, g.s.cfg.Paginate
	switch {
	case len(p.recs) == 0 || s.by == byNone:
		p.last = true
		return nil
	case pg.HasMore != "":
		if r := gjson.GetBytes(resp.Body, pg.HasMore); r.Exists() && !r.Bool() {
			p.last = true
			return nil
		}
	}
	var err error
	switch s.by {
	case byNextURL:
		err = s.nextURL(p, resp)
	case byLink:
		err = s.linkNext(p, resp)
	case byCursor:
		err = s.nextToken(ctx, p, resp)
	case byOffset, byPage:
		g.nextNumber(ctx, p, resp)
	}
	if err == nil && !p.last && pg.MaxPages > 0 && p.run >= pg.MaxPages {
		s.log.InfoContext(ctx, fmt.Sprintf("stopped after max_pages %d pages; the next run goes on from page %d", pg.MaxPages, p.n+1))
		p.last, p.cut = true, true
	}
	return err
}

// nextURL takes the next URL from the body.
func (s *Source) nextURL(p *page, resp *httpclient.Response) error {
	r := gjson.GetBytes(resp.Body, s.cfg.Paginate.NextURL)
	switch {
	case !r.Exists() || r.Type == gjson.Null || r.Type == gjson.String && r.Str == "":
		p.last = true
		return nil
	case r.Type != gjson.String:
		return fmt.Errorf("paginate.next_url: the value at %s is not a URL: %s", s.cfg.Paginate.NextURL, snippet([]byte(r.Raw)))
	}
	return s.resolve(p, resp.URL, r.Str)
}

// linkNext takes the next URL from the Link headers (RFC 8288).
func (s *Source) linkNext(p *page, resp *httpclient.Response) error {
	for _, h := range resp.Header.Values("Link") {
		for _, m := range linkValue.FindAllStringSubmatch(h, -1) {
			if relNext.MatchString(m[2]) {
				return s.resolve(p, resp.URL, m[1])
			}
		}
	}
	p.last = true
	return nil
}

var (
	linkValue = regexp.MustCompile(`<([^>]*)>((?:\s*;\s*[^;,]+)*)`)
	relNext   = regexp.MustCompile(`(?i);\s*rel\s*=\s*(?:"(?:[^"]*\s)?next(?:\s[^"]*)?"|next(?:\s|;|$))`)
)

// resolve makes ref, relative to the URL that answered, the next
// position, without credentials.
func (s *Source) resolve(p *page, answered, ref string) error {
	base, err := url.Parse(answered)
	if err != nil {
		return fmt.Errorf("the URL that answered cannot be parsed: %w", err)
	}
	u, err := base.Parse(strings.TrimSpace(ref))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("the next page's URL is not an http or https URL: %s", snippet([]byte(ref)))
	}
	p.next = position{URL: s.clean(u).String()}
	return nil
}

// nextToken takes the cursor token from the body or a header. A token
// that is empty, null, false or 0 ends the pagination.
func (s *Source) nextToken(ctx context.Context, p *page, resp *httpclient.Response) error {
	c := s.cfg.Paginate.Cursor
	var tok string
	if c.Header != "" {
		tok = strings.TrimSpace(resp.Header.Get(c.Header))
	} else {
		r := gjson.GetBytes(resp.Body, c.Path)
		switch {
		case r.IsObject() || r.IsArray():
			return fmt.Errorf("paginate.cursor: the value at %s is not a token: %s", c.Path, snippet([]byte(r.Raw)))
		case r.Type == gjson.False || r.Type == gjson.Number && r.Num == 0:
			s.log.DebugContext(ctx, "the next page's token is "+r.Raw+"; the pagination ends", "page", p.n)
		default:
			tok = r.String()
		}
	}
	if tok == "" {
		p.last = true
	}
	p.next = position{Token: tok}
	return nil
}

// nextNumber counts to the next offset or page. It stops past the total
// when one is set, else, without has_more, at a short page (an API may
// cap the page size below the one asked for).
func (g *pager) nextNumber(ctx context.Context, p *page, resp *httpclient.Response) {
	pg := g.s.cfg.Paginate
	got := int64(len(p.recs))
	var short bool
	var passed int64 // records asked for up to this page
	if g.s.by == byOffset {
		short = got < int64(pg.Offset.Limit)
		p.next = position{Number: p.pos.Number + got}
		passed = p.next.Number
	} else {
		short = pg.Page.Size > 0 && got < int64(pg.Page.Size)
		p.next = position{Number: p.pos.Number + 1}
		passed = (p.pos.Number - int64(pg.Page.Start) + 1) * int64(pg.Page.Size)
	}
	if total, ok := g.total(ctx, resp.Body); ok {
		p.last = passed >= total
		return
	}
	p.last = short && pg.HasMore == ""
}

// total reads the total of records from body: a JSON number, or a string
// holding an integer. Any other value is ignored (and logged once).
func (g *pager) total(ctx context.Context, body []byte) (int64, bool) {
	path := g.s.cfg.Paginate.Total
	if path == "" {
		return 0, false
	}
	r := gjson.GetBytes(body, path)
	switch r.Type {
	case gjson.Number:
		return int64(r.Num), true
	case gjson.String:
		if n, err := strconv.ParseInt(strings.TrimSpace(r.Str), 10, 64); err == nil {
			return n, true
		}
	}
	if !g.warned {
		g.warned = true
		shown := r.Raw
		if !r.Exists() {
			shown = "missing"
		}
		g.s.log.WarnContext(ctx, fmt.Sprintf("paginate.total: %s is not a number (%s); ignored", path, snippet([]byte(shown))))
	}
	return 0, false
}
