package httpsource

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// Next fills rec with the next record: rec.N counts records across runs,
// rec.Line is 0 (a reject's position reads "record N"). A record that is
// not an object, or lacks the incremental cursor's field, is returned
// with an *etl.RejectError; a page that cannot be read fails with a
// *PageError.
func (s *Source) Next(ctx context.Context, rec *etl.Record) error {
	if s.err != nil {
		return s.err
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		raw, err := s.element(ctx)
		if err != nil {
			return s.stop(ctx, err)
		}
		n := s.n + 1
		rec.N, rec.Line, rec.Key = n, 0, ""
		if s.inc != nil {
			skip, err := s.inc.see(raw, n)
			var rej *etl.RejectError
			switch {
			case skip:
				continue
			case errors.As(err, &rej):
				s.n = n
				text := strings.ToValidUTF8(string(raw), "\uFFFD")
				rec.Raw, rec.JSON = append(rec.Raw[:0], text), []byte(text)
				return err
			case err != nil:
				s.err = err
				return err
			}
		}
		s.n = n
		return s.obj.Fill(rec, raw)
	}
}

// element returns the next record's text, waiting for the next page
// when the current one is consumed.
func (s *Source) element(ctx context.Context) ([]byte, error) {
	for s.page == nil || s.i >= len(s.page.recs) {
		if s.page == nil || s.page.last {
			return nil, io.EOF
		}
		select {
		case p, ok := <-s.pages:
			if !ok {
				if s.reader.stopped != nil { // set before pages closed
					return nil, s.reader.stopped
				}
				return nil, context.Canceled
			}
			if p.err != nil {
				return nil, p.err
			}
			s.page, s.i = p, 0
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	s.i++
	return s.page.recs[s.i-1], nil
}

// stop records why reading stopped: io.EOF marks the checkpoint done,
// unless max_pages cut the run short; a page's error stays (Next returns
// it again); ctx's own error does not.
func (s *Source) stop(ctx context.Context, err error) error {
	switch {
	case errors.Is(err, io.EOF):
		if !s.done && s.inc != nil && s.inc.filtered > 0 {
			s.log.DebugContext(ctx, "skipped records an earlier run loaded (at or below its cursor mark)", "records", s.inc.filtered)
		}
		s.done = s.keep == nil && (s.page == nil || !s.page.cut)
	case ctx.Err() == nil:
		s.err = err
	}
	return err
}
