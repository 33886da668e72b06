package httpsource

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/zeebo/xxh3"
)

// maxSeen is how many positions a pagination remembers, the latest.
const maxSeen = 1000

// positions are the hashes of the positions a pagination requested, in
// order, the latest maxSeen. A list handed out is never written again:
// the pager appends past it, or drops from its front.
type positions struct {
	order []uint64
	set   map[uint64]struct{}
}

// newPositions returns the positions stored as hexadecimal hashes.
func newPositions(stored []string) (*positions, error) {
	ps := &positions{set: map[uint64]struct{}{}}
	for _, h := range stored {
		v, err := strconv.ParseUint(h, 16, 64)
		if err != nil {
			return nil, fmt.Errorf("the stored position hash %q is not hexadecimal", h)
		}
		ps.addHash(v)
	}
	return ps, nil
}

// add remembers the position of key k.
func (ps *positions) add(k string) { ps.addHash(xxh3.HashString(k)) }

func (ps *positions) addHash(h uint64) {
	if _, ok := ps.set[h]; ok {
		return
	}
	ps.order, ps.set[h] = append(ps.order, h), struct{}{}
	if len(ps.order) > maxSeen {
		delete(ps.set, ps.order[0])
		ps.order = ps.order[1:]
	}
}

// has reports whether the position of key k was requested.
func (ps *positions) has(k string) bool {
	_, ok := ps.set[xxh3.HashString(k)]
	return ok
}

// list returns the hashes, oldest first; the caller must not change it.
func (ps *positions) list() []uint64 { return ps.order[:len(ps.order):len(ps.order)] }

// hexes returns hashes as a checkpoint stores them.
func hexes(hs []uint64) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = fmt.Sprintf("%016x", h)
	}
	return out
}

// key is what tells two positions apart, to stop a pagination that comes
// back to a page it asked for: a URL with its query sorted, or a token.
func (p position) key() string {
	if p.URL != "" {
		if u, err := url.Parse(p.URL); err == nil {
			u.RawQuery = u.Query().Encode()
			return "url " + u.String()
		}
		return "url " + p.URL
	}
	return "token " + p.Token
}

// same fails a page of offset or page pagination whose records are those
// of the page before: an API that ignores the parameter asking for the
// next page would answer with them forever. (Pages reached by a URL or a
// token may repeat records, heartbeats say: the loop guard stops those.)
func (g *pager) same(p *page) error {
	if len(p.recs) == 0 {
		return nil
	}
	h := xxh3.New()
	for _, r := range p.recs {
		_, _ = h.Write(r)
	}
	p.sum, p.prev = h.Sum64(), g.prev
	if p.sum == g.prev {
		return fmt.Errorf("the API answered with the same records as page %d: %s", p.n-1, g.s.sameHint())
	}
	g.prev = p.sum
	return nil
}

// sameHint says what the pagination sends, to find why the pages repeat.
func (s *Source) sameHint() string {
	if s.by == byOffset {
		return fmt.Sprintf("does it read paginate.offset.param %q? set the parameter it reads, or total:/has_more:", s.cfg.Paginate.Offset.Param)
	}
	return fmt.Sprintf("does it read paginate.page.param %q? set the parameter it reads, or total:/has_more:", s.cfg.Paginate.Page.Param)
}
