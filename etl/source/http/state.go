package httpsource

import (
	"encoding/json"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// stateVersion is the version of the checkpoint cursor's layout.
const stateVersion = 1

// state is the checkpoint cursor, as JSON: the page being read (the
// position that asked for it, its number in the pagination and how many
// of its records were consumed), the hash of the records of the page
// before it, the positions requested so far, the incremental cursor's
// field and parameter, the value sent, the marks, the columns taken from
// the first record, and whether the pagination ended. URLs lose their
// user information and secret parameters; Checkpoint fails a state whose
// stored query or token would hold a credential still.
type state struct {
	V       int       `json:"v"`
	By      string    `json:"by"`
	Page    position  `json:"page"`
	Pages   int       `json:"pages"`
	Skip    int       `json:"skip"`
	Prev    string    `json:"prev,omitempty"`
	Seen    []string  `json:"seen,omitempty"`
	Field   string    `json:"field,omitempty"`
	Param   string    `json:"param,omitempty"`
	Since   string    `json:"since,omitempty"`
	Base    *markJSON `json:"base,omitempty"`
	High    *markJSON `json:"high,omitempty"`
	Columns []string  `json:"columns,omitempty"`
	Done    bool      `json:"done,omitempty"`
}

// loadState reads a checkpoint's cursor.
func loadState(cp etl.Checkpoint) (state, error) {
	var st state
	if err := json.Unmarshal([]byte(cp.Cursor), &st); err != nil || st.V != stateVersion {
		return state{}, fmt.Errorf("http source: %w: %q is not a checkpoint of this loader's http source; run with --full-refresh or --new-source", source.ErrCursor, short(cp.Cursor))
	}
	return st, nil
}

func short(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// Checkpoint returns the position after the last record Next returned.
// When that position would hold a credential, Err says so and the
// checkpoint returned is masked (the batch it closes is not written).
func (s *Source) Checkpoint() etl.Checkpoint {
	switch {
	case s.keep != nil:
		return *s.keep
	case s.page == nil:
		return etl.Checkpoint{}
	}
	p := s.page
	st := state{V: stateVersion, By: s.by, Page: p.pos, Pages: p.n, Skip: s.i, Done: s.done, Prev: hash16(p.prev), Seen: hexes(p.seen)}
	if s.i == len(p.recs) && (!p.last || p.cut) { // at a page boundary: the next page, known already
		st.Page, st.Pages, st.Skip, st.Prev = p.next, p.n+1, 0, hash16(p.sum)
	}
	if s.derived {
		st.Columns = s.cols.Names()
	}
	if s.inc != nil {
		st.Field, st.Param = s.inc.cfg.Field, s.inc.cfg.Param
		st.Since, st.Base, st.High = s.inc.since, s.inc.base.store(), s.inc.high.store()
	}
	b, err := json.Marshal(st)
	if err != nil {
		panic(err) // strings, numbers and slices only
	}
	if err := s.credentialIn(st); err != nil {
		s.failed = err
		return etl.Checkpoint{Records: s.n, Cursor: s.client.Redact(string(b))}
	}
	return etl.Checkpoint{Records: s.n, Cursor: string(b)}
}

// Err returns why the batch the last checkpoint closes must not be
// written: the checkpoint would hold a credential, or an append run read
// to its end has more records at its final mark than it can track
// (etl.Failer).
func (s *Source) Err() error {
	if s.failed != nil {
		return s.failed
	}
	if s.inc != nil && s.done {
		return s.inc.tooCoarse()
	}
	return nil
}

// hash16 writes a hash as 16 hexadecimal digits; "" for 0 (none).
func hash16(h uint64) string {
	if h == 0 {
		return ""
	}
	return hexes([]uint64{h})[0]
}
