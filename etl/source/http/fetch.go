package httpsource

import (
	"context"
	"net/http"

	"github.com/warehouse-loader/loader/internal/httpclient"
)

// page is one page: the position that asked for it, its number in the
// pagination (from 1) and in the run, its records, and the next position
// unless it is the last. cut tells the run stopped at it (max_pages)
// before the pagination's end. sum is the hash of its records, prev that
// of the page before, seen the positions requested up to it. err is why
// it could not be read.
type page struct {
	pos  position
	n    int
	run  int
	recs [][]byte
	next position
	last bool
	cut  bool
	sum  uint64
	prev uint64
	seen []uint64
	err  error
}

// pager fetches the pages of one pagination in order, remembering the
// positions asked for and the records of the last page.
type pager struct {
	s     *Source
	since string
	seen  *positions
	prev  uint64 // the hash of the records of the page before; 0: none
	count int    // pages requested in this run
	// warned tells the total's value was found unusable (logged once).
	warned bool
	// stopped is why run ended before the last page (its context's
	// error), set before it closes its channel.
	stopped error
}

// get fetches the page at pos, number n.
func (g *pager) get(ctx context.Context, pos position, n int) *page {
	s := g.s
	g.count++
	p := &page{pos: pos, n: n, run: g.count}
	u := s.requestURL(pos, g.since)
	// Reading a page changes nothing, by POST too: it is retried like a GET.
	resp, err := s.client.Do(ctx, httpclient.Request{Method: s.cfg.Method, URL: u, Header: s.header, Body: s.cfg.Body, Idempotent: true})
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		} else {
			err = &PageError{Page: n, Request: s.shown(u), Err: err}
		}
		return &page{pos: pos, n: n, err: err}
	}
	if p.recs, err = s.records(resp.Body, resp.Header.Get("Content-Type")); err == nil && (s.by == byOffset || s.by == byPage) {
		err = g.same(p)
	}
	if err == nil {
		err = g.follow(ctx, p, resp)
	}
	if err != nil {
		return &page{pos: pos, n: n, err: s.malformed(n, u, err)}
	}
	g.loop(ctx, p)
	return p
}

// loop ends the pagination at a URL or token it asked for already, in
// this run or an earlier one of the same pagination.
func (g *pager) loop(ctx context.Context, p *page) {
	if g.s.by != byNextURL && g.s.by != byLink && g.s.by != byCursor {
		return
	}
	g.seen.add(p.pos.key())
	p.seen = g.seen.list()
	if !p.last && g.seen.has(p.next.key()) {
		what := "URL"
		if g.s.by == byCursor {
			what = "cursor"
		}
		g.s.log.WarnContext(ctx, "the API returned a "+what+" already requested; stopping", "page", p.n)
		p.last, p.cut = true, false
	}
}

// malformed wraps a body's fault into a *PageError, secrets redacted.
func (s *Source) malformed(n int, u string, err error) error {
	return &PageError{Page: n, Request: s.shown(u), Err: redacted{s.client.Redact(err.Error())}, Malformed: true}
}

// redacted is an error message with its secrets removed.
type redacted struct{ msg string }

func (r redacted) Error() string { return r.msg }

// run fetches the pages after p, one ahead of the reader, until the last
// or an error, and closes out; ctx stops it.
func (g *pager) run(ctx context.Context, p *page, out chan<- *page) {
	defer close(out)
	for !p.last {
		p = g.get(ctx, p.next, p.n+1)
		select {
		case out <- p:
		case <-ctx.Done():
			g.stopped = ctx.Err()
			return
		}
		if p.err != nil {
			return
		}
	}
}

// headers builds the request headers of cfg.
func headers(cfg Config) http.Header {
	h := http.Header{}
	for k, v := range cfg.Headers {
		h.Set(k, v)
	}
	if len(cfg.Body) > 0 && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	return h
}
