package httpsource

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/warehouse-loader/loader/internal/httpclient"
)

// follow decides, from the response to page p, whether it was the last
// and, if not, the position of the next one.
func (s *Source) follow(ctx context.Context, p *page, resp *httpclient.Response) error {
	pg := s.cfg.Paginate
	switch {
	case len(p.recs) == 0 || s.by == byNone:
		p.last = true
		return nil
	case pg.MaxPages > 0 && p.n >= pg.MaxPages:
		s.log.InfoContext(ctx, "stopping after max_pages pages; the API may have more", "max_pages", pg.MaxPages)
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
		err = s.nextToken(p, resp)
	case byOffset, byPage:
		s.nextNumber(p, resp)
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

// nextToken takes the cursor token from the body or a header.
func (s *Source) nextToken(p *page, resp *httpclient.Response) error {
	c := s.cfg.Paginate.Cursor
	var tok string
	if c.Header != "" {
		tok = strings.TrimSpace(resp.Header.Get(c.Header))
	} else {
		r := gjson.GetBytes(resp.Body, c.Path)
		if r.IsObject() || r.IsArray() {
			return fmt.Errorf("paginate.cursor: the value at %s is not a token: %s", c.Path, snippet([]byte(r.Raw)))
		}
		tok = r.String()
	}
	if tok == "" {
		p.last = true
	}
	p.next = position{Token: tok}
	return nil
}

// nextNumber counts to the next offset or page, and stops at a short page
// or past the total.
func (s *Source) nextNumber(p *page, resp *httpclient.Response) {
	pg := s.cfg.Paginate
	got := int64(len(p.recs))
	var short bool
	var passed int64 // records asked for up to this page
	if s.by == byOffset {
		short = got < int64(pg.Offset.Limit)
		p.next = position{Number: p.pos.Number + got}
		passed = p.next.Number
	} else {
		short = pg.Page.Size > 0 && got < int64(pg.Page.Size)
		p.next = position{Number: p.pos.Number + 1}
		passed = (p.pos.Number - int64(pg.Page.Start) + 1) * int64(pg.Page.Size)
	}
	p.last = short
	if pg.Total != "" {
		if r := gjson.GetBytes(resp.Body, pg.Total); r.Exists() && passed >= r.Int() {
			p.last = true
		}
	}
}

// key is what tells two positions apart, to stop a pagination that comes
// back to a page it asked for.
func (p position) key() string {
	if p.URL != "" {
		return "url " + p.URL
	}
	return "token " + p.Token
}
