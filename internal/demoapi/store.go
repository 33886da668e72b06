package demoapi

import (
	"sort"
	"sync"
	"time"
)

// store is the API's data: the base orders at positions 0…n-1, computed
// from the seed, then the changes grow appended at positions n, n+1, ….
// A change to an existing order moves it: its old position is dead (skipped
// when served), so every order appears once, at its latest change. Every
// position's updated_at is at or after the one before it, so a position is
// a stable cursor and updated_since a binary search.
type store struct {
	mu      sync.Mutex
	seed    uint64
	n       int
	flaws   bool
	extra   []Order
	dead    map[int]bool
	created int // orders grow added
	changes int // changes grow made
}

func newStore(seed uint64, n int, flaws bool) *store {
	return &store{seed: seed, n: n, flaws: flaws, dead: map[int]bool{}}
}

func (s *store) total() int { return s.n + len(s.extra) }

// at returns the order at pos and whether it is live.
func (s *store) at(pos int) (Order, bool) {
	if s.dead[pos] {
		return Order{}, false
	}
	if pos < s.n {
		return orderAt(s.seed, pos, s.flaws), true
	}
	return s.extra[pos-s.n], true
}

func (s *store) updatedAt(pos int) time.Time {
	if pos < s.n {
		return Start.Add(time.Duration(pos/2) * time.Second)
	}
	return s.extra[pos-s.n].UpdatedAt
}

// from returns the first position updated at or after since.
func (s *store) from(since time.Time) int {
	return sort.Search(s.total(), func(pos int) bool { return !s.updatedAt(pos).Before(since) })
}

// page appends up to limit live orders from position start to b, and
// returns the position after the last one looked at, the number appended
// and whether positions remain. Reading to the end makes grow changes
// (after the answer is settled), as if time passed while the client read.
func (s *store) page(b []byte, start, limit, grow int) ([]byte, int, int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	pos, n := start, 0
	for ; pos < s.total() && n < limit; pos++ {
		o, live := s.at(pos)
		if !live {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = o.AppendJSON(b)
		n++
	}
	more := pos < s.total()
	if !more {
		s.grow(grow)
	}
	return b, pos, n, more
}

var nextStatus = map[string]string{pending: paid, paid: shipped, shipped: delivered}

// grow adds k changes after the newest one: new orders and, every other
// change, a new status of an earlier order (moved to the end).
func (s *store) grow(k int) {
	if k <= 0 || s.total() == 0 {
		return
	}
	last := s.updatedAt(s.total() - 1)
	for j := range k {
		at := last.Add(time.Duration(j/2+1) * time.Second)
		h := mix(s.seed + uint64(s.changes+1)*0xd6e8feb86659fd93)
		s.changes++
		if j%2 == 1 {
			pos := int(h % uint64(s.n))
			if o, live := s.at(pos); live && nextStatus[o.Status] != "" {
				o.Status, o.UpdatedAt = nextStatus[o.Status], at
				s.dead[pos] = true
				s.extra = append(s.extra, o)
				continue
			}
		}
		o := orderAt(s.seed, s.n+s.created, false)
		s.created++
		o.Status, o.PlacedAt, o.UpdatedAt = pending, at.Format(time.RFC3339), at
		s.extra = append(s.extra, o)
	}
}

// each calls fn with every live order, in the API's order, holding the
// lock: fn must not call the API.
func (s *store) each(fn func(Order) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pos := range s.total() {
		if o, live := s.at(pos); live && !fn(o) {
			return
		}
	}
}
