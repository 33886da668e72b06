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
// of its records were consumed), the incremental parameter sent, the
// marks, the columns taken from the first record, and whether the
// pagination ended. It holds no secret: URLs lose their user information
// and API key parameters, and the text is redacted.
type state struct {
	V       int       `json:"v"`
	By      string    `json:"by"`
	Page    position  `json:"page"`
	Pages   int       `json:"pages"`
	Skip    int       `json:"skip"`
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
func (s *Source) Checkpoint() etl.Checkpoint {
	switch {
	case s.keep != nil:
		return *s.keep
	case s.page == nil:
		return etl.Checkpoint{}
	}
	st := state{V: stateVersion, By: s.by, Page: s.page.pos, Pages: s.page.n, Skip: s.i, Done: s.done}
	if s.i == len(s.page.recs) && !s.page.last { // at a page boundary: the next page, known already
		st.Page, st.Pages, st.Skip = s.page.next, s.page.n+1, 0
	}
	if s.derived {
		st.Columns = s.cols.Names()
	}
	if s.inc != nil {
		st.Since, st.Base, st.High = s.inc.since, s.inc.base.store(), s.inc.high.store()
	}
	b, err := json.Marshal(st)
	if err != nil {
		panic(err) // strings, numbers and slices only
	}
	return etl.Checkpoint{Records: s.n, Cursor: s.client.Redact(string(b))}
}
