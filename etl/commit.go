package etl

import (
	"context"
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// commit writes one batch: its rows, its rejects, the run's counts and the
// source checkpoint, in one transaction. A batch that would exceed the
// reject budget is not written.
func (j *job) commit(ctx context.Context, b *batch, first bool) error {
	run := *j.run
	run.RowsRead += b.read
	run.RowsRejected += int64(len(b.rejects))
	j.dropped += b.dropped
	if j.p.MaxRejects.exceeded(run.RowsRejected, run.RowsRead) {
		j.run.RowsRead, j.run.RowsRejected = run.RowsRead, run.RowsRejected
		return fmt.Errorf("%w: %d of %d records rejected, the limit is %s; see `loader rejects %d`", ErrTooManyRejects, run.RowsRejected, run.RowsRead, j.p.MaxRejects, run.ID)
	}
	if j.dry {
		j.keepShown(b.rejects)
		run.RowsLoaded += int64(b.n)
		*j.run = run
		return nil
	}
	err := j.Store.Scope(ctx, func(sess *repository.Session) error {
		if err := sess.AsyncCommit(ctx); err != nil {
			return err
		}
		n, err := j.write(ctx, sess, b, first)
		if err != nil {
			return err
		}
		run.RowsLoaded += n
		if err := sess.AddRejects(ctx, b.rejects); err != nil {
			return fmt.Errorf("storing rejects: %w", err)
		}
		if err := sess.UpdateRunCounts(ctx, &run); err != nil {
			return err
		}
		return sess.SaveState(ctx, j.state(b.cp))
	})
	if err != nil {
		return fmt.Errorf("batch ending at record %d: %w", b.cp.Records, err)
	}
	*j.run = run
	j.report(ctx)
	return nil
}

func (j *job) write(ctx context.Context, sess *repository.Session, b *batch, first bool) (int64, error) {
	switch {
	case j.staging != nil:
		if first {
			if err := sess.CreateStaging(ctx, j.p.Target, *j.staging); err != nil {
				return 0, err
			}
		}
		return sess.AppendRows(ctx, *j.staging, b.rows())
	case j.p.Mode == Upsert:
		n, copied, err := sess.UpsertRows(ctx, j.p.Target, j.p.Keys, b.rows(), j.copies.try())
		j.copies.record(copied)
		return n, err
	default:
		return sess.AppendRows(ctx, j.p.Target, b.rows())
	}
}

func (j *job) state(cp Checkpoint) models.LoadState {
	st := models.LoadState{Pipeline: j.p.Name, Source: j.p.Source.Identity(), SourceOffset: cp.Records, LoadRunID: j.run.ID}
	if cp.Cursor != "" {
		c := cp.Cursor
		st.Cursor = &c
	}
	return st
}

// swap ends a replace-mode run: the staging table's rows replace the
// target's in one transaction.
func (j *job) swap(ctx context.Context) error {
	if j.staging == nil || j.dry {
		return nil
	}
	return j.Store.Scope(ctx, func(sess *repository.Session) error {
		if ok, err := j.Store.HasTable(ctx, j.staging.Name); err != nil || !ok {
			return err // nothing staged: the source was already fully loaded
		}
		_, err := sess.ReplaceFromStaging(ctx, j.p.Target, *j.staging)
		return err
	})
}

func (j *job) keepShown(rejects []models.LoadReject) {
	for _, r := range rejects {
		if len(j.shown) >= j.showRejects {
			return
		}
		j.shown = append(j.shown, r)
	}
}

func (j *job) report(ctx context.Context) {
	p := Progress{
		Pipeline: j.p.Name, Read: j.run.RowsRead, Loaded: j.run.RowsLoaded, Rejected: j.run.RowsRejected,
		Dropped: j.dropped, Elapsed: time.Since(j.started),
	}
	if s, ok := j.p.Source.(Sized); ok {
		p.Done, p.Size = s.Done(), s.Size()
	}
	if j.Progress != nil {
		j.Progress(p)
	}
	if j.Log != nil {
		j.Log.DebugContext(ctx, "batch committed", "pipeline", p.Pipeline, "read", p.Read, "loaded", p.Loaded, "rejected", p.Rejected)
	}
}

// copyPolicy decides when an upsert batch first tries a plain COPY: always
// while COPY keeps succeeding (a first load), then, after a conflict, only
// every 2nd, 4th, … up to 64th batch (a reload over existing rows), so a
// failed attempt costs little.
type copyPolicy struct {
	skip, backoff int
	tried         bool
}

func (c *copyPolicy) try() bool {
	c.tried = c.skip == 0
	if c.skip > 0 {
		c.skip--
	}
	return c.tried
}

func (c *copyPolicy) record(copied bool) {
	switch {
	case copied:
		c.backoff = 0
	case c.tried:
		c.backoff = min(max(1, c.backoff*2), 64)
		c.skip = c.backoff
	}
}
