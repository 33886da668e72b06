package httpsource

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// resume continues the pagination a checkpoint stopped in.
func (s *Source) resume(st state, base, high *mark) (start, bool, error) {
	if st.By != s.by {
		return start{}, false, fmt.Errorf("http source: %w: the checkpoint was taken paginating by %q, the settings now paginate by %q",
			etl.ErrSourceChanged, st.By, s.by)
	}
	at := start{pos: st.Page, pages: max(st.Pages-1, 0), skip: st.Skip, cols: st.Columns, seen: st.Seen, prev: st.Prev}
	if s.cfg.Cursor != nil {
		at.inc = s.incremental(base, high)
		at.inc.since = st.Since
	}
	return at, false, nil
}

// pager returns the pager of a run starting at at.
func (s *Source) pager(at start) (*pager, error) {
	seen, err := newPositions(at.seen)
	var prev uint64
	if err == nil && at.prev != "" {
		prev, err = strconv.ParseUint(at.prev, 16, 64)
	}
	if err != nil {
		return nil, fmt.Errorf("http source: %w: %w", source.ErrCursor, err)
	}
	g := &pager{s: s, seen: seen, prev: prev}
	if at.inc != nil {
		g.since = at.inc.since
	}
	return g, nil
}

// resumedAt adds to a 400, 404 or 410 refusal of the first page of a run
// resumed past the first page by a stored URL or token that the API may
// have expired that position. (A 401 or 403 keeps its hint about auth:;
// offset and page numbers do not expire.)
func (s *Source) resumedAt(err error, at start) error {
	var se *httpclient.StatusError
	var pe *PageError
	if at.pages == 0 || (s.by != byCursor && s.by != byNextURL && s.by != byLink) ||
		!errors.As(err, &se) || !errors.As(err, &pe) {
		return err
	}
	switch se.Status {
	case http.StatusBadRequest, http.StatusNotFound, http.StatusGone:
		pe.resumed = true
	}
	return err
}
