package etl

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// errDryRun rolls back a dry run's batch once it has been written.
var errDryRun = errors.New("dry run: rolled back")

// errOverBudget stops the search for rows the database refuses once their
// rejects exceed the reject budget: the batch will not be written anyway.
var errOverBudget = errors.New("reject budget exceeded")

// commit writes one batch: its rows, its rejects, the run's counts and the
// source checkpoint, in one transaction that first checks the run still
// owns the pipeline. Rows the database refuses become rejects with its
// reason (see store). A batch that would exceed the reject budget is not
// written, and the run's counts stay those committed. A dry run writes the
// batch the same way and rolls it back.
func (j *job) commit(ctx context.Context, b *batch, first bool) error {
	var run Run
	began := time.Now()
	err := j.Warehouse.Transact(ctx, func(sess Tx) error {
		if err := j.prepare(ctx, sess, first); err != nil {
			return err
		}
		n, err := j.store(ctx, sess, b, 0, b.n)
		if err != nil && !errors.Is(err, errOverBudget) {
			return err
		}
		run = j.counted(b, n)
		if errors.Is(err, errOverBudget) || j.p.MaxRejects.exceeded(run.RowsRejected, run.RowsRead) {
			return fmt.Errorf("%w: with the batch ending at record %d, %d of %d records would be rejected, past the limit of %s; that batch was not written (the %d rejects committed before it: `loader rejects %d`)",
				ErrTooManyRejects, b.cp.Records, run.RowsRejected, run.RowsRead, j.p.MaxRejects, j.run.RowsRejected, run.ID)
		}
		if j.dry {
			return errDryRun
		}
		return j.record(ctx, sess, b, &run)
	})
	if errors.Is(err, errDryRun) {
		j.keepShown(b.rejects)
		err = nil
	}
	if err != nil {
		return fmt.Errorf("batch ending at record %d: %w", b.cp.Records, err)
	}
	*j.run = run
	j.report(ctx, time.Since(began))
	return nil
}

// acknowledge tells a source that hears of commits (Acker) that cp is
// committed.
func (j *job) acknowledge(ctx context.Context, cp Checkpoint) error {
	a, ok := j.p.Source.(Acker)
	if !ok || j.dry {
		return nil
	}
	if err := a.Committed(ctx, cp); err != nil {
		return fmt.Errorf("batch ending at record %d is committed, but the source was not told (what it did not acknowledge is delivered again, and written once if the pipeline upserts on a message id): %w", cp.Records, err)
	}
	return nil
}

// prepare checks the run still owns the pipeline and, for the first
// batch, creates the staging table (replace) or empties the target (a full
// refresh in append or upsert mode: in this batch's transaction, so a run
// that fails before its first commit loses nothing).
func (j *job) prepare(ctx context.Context, sess Tx, first bool) error {
	if err := j.checkLease(ctx, sess); err != nil {
		return err
	}
	switch {
	case !first && !j.dry:
	case j.staging != nil:
		// A dry run rolls back every batch, and with it the staging
		// table: each batch makes its own.
		if err := sess.CreateStaging(ctx, j.p.Target, *j.staging); err != nil {
			return err
		}
		// Where DDL commits implicitly (MySQL) the CREATE ended the
		// transaction that held the lease row: check it again in the
		// one the batch is written in.
		return j.checkLease(ctx, sess)
	case j.dry && j.p.Mode != Upsert: // emptying the target changes no count
	case j.resume == FullRefresh:
		// A dry run rolls back every batch: an upsert's counts are
		// those against the emptied table if each batch empties it.
		n, err := sess.DeleteAllRows(ctx, j.p.Target)
		if err == nil && !j.dry {
			j.logf(ctx, "full refresh: emptied the target", "table", j.p.Target.Name, "rows", n)
		}
		return err
	}
	return nil
}

// checkLease checks the run still owns the pipeline (a dry run owns
// none).
func (j *job) checkLease(ctx context.Context, sess Tx) error {
	if j.dry {
		return nil
	}
	if err := sess.CheckLease(ctx, j.stateKey(), j.run.ID); err != nil {
		return fmt.Errorf("%w; this batch was not written, the rows committed before it stay and the other run goes on from its checkpoint", err)
	}
	return nil
}

// counted returns the run's counts with batch b, of which n rows were
// written.
func (j *job) counted(b *batch, n int64) Run {
	run := *j.run
	run.RowsRead += b.read
	run.RowsRejected += int64(len(b.rejects))
	run.RowsLoaded += n
	run.RowsDropped += b.dropped
	return run
}

// record stores the batch's rejects, the run's counts and the checkpoint.
// While every record the run read was rejected, the checkpoint stays where
// it was: a run that rejects everything fails, and the rerun after the
// pipeline or the data is fixed reads those records again.
func (j *job) record(ctx context.Context, sess Tx, b *batch, run *Run) error {
	if err := sess.AsyncCommit(ctx); err != nil {
		return err
	}
	if err := sess.AddRejects(ctx, b.rejects); err != nil {
		return fmt.Errorf("storing rejects: %w", err)
	}
	if err := sess.UpdateRunCounts(ctx, run); err != nil {
		return err
	}
	own := j.own(run)
	if rejectedAll(&own) {
		return nil
	}
	return sess.SaveState(ctx, j.state(b.cp, own.RowsLoaded))
}

// rejectedAll reports whether the run read records and rejected every one.
func rejectedAll(run *Run) bool {
	return run.RowsRead > 0 && run.RowsRejected == run.RowsRead
}

// store writes rows [lo, hi) of b in a savepoint. When the database
// refuses a value or a constraint (a RefusedError), the rows are
// split in halves, each written in a savepoint of its own, until each
// refused row is alone: it becomes a reject with the database's reason,
// and every other row is written. It returns the rows written.
func (j *job) store(ctx context.Context, sess Tx, b *batch, lo, hi int) (int64, error) {
	if lo >= hi {
		return 0, nil
	}
	var n int64
	err := sess.Savepoint(ctx, func(sp Tx) error {
		var err error
		n, err = j.write(ctx, sp, b.slots[lo:hi])
		return err
	})
	reason, refused := refusedRow(err)
	switch {
	case err == nil || !refused:
		return n, err
	case hi-lo == 1:
		b.rejects = append(b.rejects, j.refused(b, lo, reason))
		if j.p.MaxRejects.exceeded(j.run.RowsRejected+int64(len(b.rejects)), j.run.RowsRead+b.read) {
			return 0, errOverBudget
		}
		return 0, nil
	}
	mid := lo + (hi-lo)/2
	n, err = j.store(ctx, sess, b, lo, mid)
	if err != nil {
		return n, err
	}
	m, err := j.store(ctx, sess, b, mid, hi)
	return n + m, err
}

func (j *job) write(ctx context.Context, sess Tx, rows [][]any) (int64, error) {
	switch {
	case j.staging != nil:
		return sess.AppendRows(ctx, *j.staging, rows)
	case j.p.Mode == Upsert:
		n, copied, err := sess.UpsertRows(ctx, j.p.Target, j.p.Keys, rows, j.copies.try())
		j.copies.record(copied)
		return n, err
	default:
		return sess.AppendRows(ctx, j.p.Target, rows)
	}
}

// state is the checkpoint cp of the run, which has loaded n rows: they are
// added to the rows loaded under the checkpoint it resumed at.
func (j *job) state(cp Checkpoint, n int64) State {
	return State{
		Pipeline: j.stateKey(), Source: j.p.Source.Identity(), Records: cp.Records, Cursor: cp.Cursor,
		Loaded: j.prior.Loaded + n, RunID: j.run.ID,
	}
}

func (j *job) keepShown(rejects []Reject) {
	for _, r := range rejects {
		if len(j.shown) >= j.showRejects {
			return
		}
		j.shown = append(j.shown, r)
	}
}

// report tells Progress and the log of the batch just committed, whose
// transaction took commit.
func (j *job) report(ctx context.Context, commit time.Duration) {
	p := Progress{
		Pipeline: j.p.Name, Read: j.run.RowsRead, Loaded: j.run.RowsLoaded, Rejected: j.run.RowsRejected,
		Dropped: j.run.RowsDropped, Elapsed: time.Since(j.started), Commit: commit,
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
