package mysql

import (
	"sync"
	"sync/atomic"
)

// state is what a driver learns of its server once and remembers: a
// server that refused LOAD DATA LOCAL, and which tables upsert may merge
// into (see checkUnique). A nil state remembers nothing.
type state struct {
	noLocalInfile atomic.Bool
	mu            sync.Mutex
	unique        map[string]verdict // table and keys → the upsert's verdict
}

// verdict is whether upsert may merge into a table on its keys: nil, or
// the refusal.
type verdict struct{ err error }

// localInfileRefused reports whether the server refused LOAD DATA LOCAL
// before.
func (s *state) localInfileRefused() bool { return s != nil && s.noLocalInfile.Load() }

// refuseLocalInfile remembers that the server refuses LOAD DATA LOCAL.
func (s *state) refuseLocalInfile() {
	if s != nil {
		s.noLocalInfile.Store(true)
	}
}

// cached returns the verdict remembered under key, if any.
func (s *state) cached(key string) (verdict, bool) {
	if s == nil {
		return verdict{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.unique[key]
	return v, ok
}

// remember keeps the verdict under key.
func (s *state) remember(key string, v verdict) {
	if s == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.unique[key] = v
}
