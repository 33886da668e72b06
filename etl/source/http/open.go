package httpsource

import (
	"context"
	"errors"
	"fmt"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
)

// start is where a run begins: the page, its number, the records of it
// to skip, and the incremental state.
type start struct {
	pos   position
	pages int // pages before pos in the pagination
	skip  int
	cols  []string // kept by the checkpoint of a pagination under way
	// seen and prev are the positions requested and the hash of the
	// records of the page before pos, in a pagination under way.
	seen []string
	prev string
	// fallback are the columns of an earlier pagination, for a new one
	// whose first page has no records.
	fallback []string
	inc      *incremental
}

// Open reads the page the checkpoint stopped in (the first without one)
// and starts reading the next ones ahead. After a checkpoint of an API
// read to its end, a source with an incremental cursor asks for what
// changed since its mark; without one, an append pipeline reads nothing
// (a rerun never loads rows twice) and upsert and replace pipelines read
// the API again.
func (s *Source) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	_ = s.Close()
	s.page, s.i, s.n, s.done, s.err, s.keep, s.failed = nil, 0, from.Records, false, nil, nil, nil
	if err := ctx.Err(); err != nil {
		return etl.Columns{}, err
	}
	at, nothing, err := s.begin(ctx, from)
	if err != nil || nothing {
		return s.cols, err
	}
	s.inc = at.inc
	g, err := s.pager(at)
	if err != nil {
		return etl.Columns{}, err
	}
	p := g.get(ctx, at.pos, at.pages+1)
	if p.err != nil {
		return etl.Columns{}, s.resumedAt(p.err, at)
	}
	if err := s.columns(p, at); err != nil {
		return etl.Columns{}, err
	}
	s.page, s.i = p, min(at.skip, len(p.recs))
	if !p.last {
		var fctx context.Context
		fctx, s.cancel = context.WithCancel(ctx)
		s.pages, s.reader = make(chan *page), g
		go g.run(fctx, p, s.pages)
	}
	return s.cols, nil
}

// begin decides where the run starts from the checkpoint; nothing tells
// there is nothing to read.
func (s *Source) begin(ctx context.Context, from etl.Checkpoint) (start, bool, error) {
	if from.Cursor == "" {
		at, err := s.fresh(nil)
		return at, false, err
	}
	st, err := loadState(from)
	if err != nil {
		return start{}, false, err
	}
	if c := s.cfg.Cursor; c != nil && st.Field != "" && st.Field != c.Field {
		return start{}, false, fmt.Errorf("http source: %w: the checkpoint tracks cursor.field %q, the settings now %q; run with --full-refresh or --new-source",
			etl.ErrSourceChanged, st.Field, c.Field)
	}
	base, err1 := st.Base.load()
	high, err2 := st.High.load()
	if err := errors.Join(err1, err2); err != nil {
		return start{}, false, fmt.Errorf("http source: %w: %w", source.ErrCursor, err)
	}
	if !st.Done {
		return s.resume(st, base, high)
	}
	var at start
	switch {
	case s.cfg.Cursor != nil:
		if high == nil {
			high = base
		}
		at, err = s.fresh(high)
	case s.cfg.Mode == etl.Append || s.cfg.Mode == "":
		s.log.InfoContext(ctx, "the API was read to its end by an earlier run; it has no cursor, so there is nothing new to read: use --full-refresh to read it again, or set cursor: for incremental loads")
		s.keep = &from
		return start{}, true, s.setColumns(s.cfg.Columns, st.Columns)
	default:
		at, err = s.fresh(nil)
	}
	at.fallback = st.Columns
	return at, false, err
}

// fresh starts a pagination from its first page, after the mark base
// (nil: none).
func (s *Source) fresh(base *mark) (start, error) {
	at := start{}
	if s.cfg.Cursor != nil {
		at.inc = s.incremental(base, base.clone())
		since, err := at.inc.sinceFrom(base)
		if err != nil {
			return start{}, fmt.Errorf("http source: %w", err)
		}
		at.inc.since = since
	}
	at.pos = s.first(at.sinceText())
	return at, nil
}

func (at start) sinceText() string {
	if at.inc == nil {
		return ""
	}
	return at.inc.since
}

// columns sets the columns: those of the settings, those the checkpoint
// kept, else the keys of the page's first record.
func (s *Source) columns(p *page, at start) error {
	switch {
	case len(s.cfg.Columns) > 0 || len(at.cols) > 0:
		return s.setColumns(s.cfg.Columns, at.cols)
	case len(p.recs) == 0 && len(at.fallback) > 0:
		return s.setColumns(nil, at.fallback)
	case len(p.recs) == 0:
		return fmt.Errorf("http source: %w: page %d (%s) has no records to take the columns from; set columns: [...] in the settings",
			source.ErrHeader, p.n, s.shown(s.requestURL(p.pos, at.sinceText())))
	}
	keys, ok := jsonsource.ObjectKeys(p.recs[0])
	if !ok {
		return fmt.Errorf("http source: %w: page %d: the first record is not a JSON object, so its keys cannot be the columns: %s; set columns: [...]",
			source.ErrHeader, p.n, s.client.Redact(snippet(p.recs[0])))
	}
	if err := s.setColumns(nil, keys); err != nil {
		return err
	}
	s.derived = true
	return nil
}

// setColumns sets the columns given, else those kept.
func (s *Source) setColumns(given, kept []string) error {
	names, derived := given, false
	if len(names) == 0 {
		names, derived = kept, true
	}
	cols, err := etl.NewColumns(names...)
	if err != nil {
		return fmt.Errorf("http source: %w: %w", source.ErrHeader, err)
	}
	s.cols, s.derived = cols, derived
	s.obj = jsonsource.NewObjects(names)
	s.obj.IgnoreUnknown = len(given) > 0
	return nil
}
