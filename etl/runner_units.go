package etl

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// ErrUnitsFailed is wrapped by the error of a run of many units (see
// Multi) some of which failed; the others were loaded.
var ErrUnitsFailed = errors.New("some inputs failed")

// UnitResult is what a run did with one unit.
type UnitResult struct {
	Name string
	// Status is UnitLoaded, UnitSkipped (loaded whole before, under the
	// same stamp, or by another worker during this run) or UnitFailed.
	Status string
	// Read and Loaded count this run's records and rows of the unit.
	Read, Loaded int64
	Error        string
	// RunID is the worker's run that loaded it (0 when skipped).
	RunID int64
}

// runUnits runs a pipeline whose source is made of many units: Workers
// workers (at least one) each record a run of their own and load the
// units they claim, one at a time, until none is left. The result sums
// the workers' and lists every unit.
func (r *Runner) runUnits(ctx context.Context, p *Pipeline, m Multi) (Result, error) {
	ul, ok := r.Warehouse.(UnitLedger)
	switch {
	case !ok:
		return Result{}, fmt.Errorf("pipeline %s reads many files (%s), which this warehouse cannot keep (its Warehouse is no etl.UnitLedger)", p.Name, m.Pattern())
	case p.Mode == Replace:
		return Result{}, fmt.Errorf("pipeline %s: replace mode swaps in one source's rows, and %s names many files, each loaded once: use append or upsert (a rerun loads only new or changed files)", p.Name, m.Pattern())
	case r.Resume == NewSource:
		return Result{}, fmt.Errorf("pipeline %s reads many files (%s): a new or changed file is loaded by the next run on its own; --new-source is for one file read again", p.Name, m.Pattern())
	}
	units, err := m.Units(ctx)
	if err != nil {
		return Result{}, fmt.Errorf("pipeline %s: %w", p.Name, err)
	}
	n := max(1, r.Workers)
	if r.Resume == FullRefresh {
		n = 1 // the one worker holds the pipeline while it reloads everything
	}
	q := &unitQueue{units: units, results: make([]UnitResult, len(units)), tried: make([]bool, len(units)), active: n}
	started := time.Now()
	results := make([]Result, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { results[i], errs[i] = r.unitWorker(ctx, p, ul, q) })
	}
	wg.Wait()
	res := Result{Status: RunSucceeded, FullRefresh: r.Resume == FullRefresh, Units: q.results, Duration: time.Since(started)}
	var other []error
	for i := range results {
		w := &results[i]
		if w.RunID != 0 {
			res.Workers = append(res.Workers, w.RunID)
		}
		res.Read, res.Loaded, res.Rejected, res.Dropped = res.Read+w.Read, res.Loaded+w.Loaded, res.Rejected+w.Rejected, res.Dropped+w.Dropped
		if errs[i] != nil && res.Status == RunSucceeded || w.Status == RunCancelled {
			res.Status = cmp.Or(w.Status, RunFailed)
		}
		if errs[i] != nil && !errors.Is(errs[i], ErrUnitsFailed) && !slices.ContainsFunc(other, func(e error) bool { return e.Error() == errs[i].Error() }) {
			other = append(other, errs[i]) // each worker's own failure, once
		}
	}
	slices.Sort(res.Workers)
	if len(res.Workers) > 0 {
		res.RunID = res.Workers[0]
	}
	if failed := q.failed(); len(failed) > 0 {
		other = append(other, fmt.Errorf("%w: %d of %d files failed (the others are loaded; the next run reads only the failed ones): %s",
			ErrUnitsFailed, len(failed), len(units), strings.Join(failed, "; ")))
	}
	res.HookError = r.fireUnitHooks(ctx, p, &res, q.first)
	if len(other) > 0 {
		return res, fmt.Errorf("pipeline %s: %w", p.Name, errors.Join(other...))
	}
	return res, nil
}

// fireUnitHooks fires the pipeline's hooks once for the whole load of
// this process, with its summed counts, recorded on its first worker's
// run.
func (r *Runner) fireUnitHooks(ctx context.Context, p *Pipeline, res *Result, first *Run) string {
	if first == nil {
		return ""
	}
	run := *first
	run.Status, run.RowsRead, run.RowsLoaded, run.RowsRejected, run.RowsDropped = res.Status, res.Read, res.Loaded, res.Rejected, res.Dropped
	j := &job{Runner: r, p: p, run: &run}
	return j.fireHooks(ctx)
}

// unitQueue is the units of a run, shared by the workers of one process:
// which each has tried, what became of them, and what the workers do
// once for all (before_sql when the first starts, after_sql when the last
// ends).
type unitQueue struct {
	units   []Unit
	mu      sync.Mutex
	results []UnitResult
	tried   []bool // a worker of this process started on it
	first   *Run   // the first worker's run, once it has ended
	active  int    // workers not done loading

	before    sync.Once
	beforeErr error
}

func (q *unitQueue) set(i int, u UnitResult) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.results[i].Status == "" || u.Status != UnitSkipped {
		q.results[i] = u
	}
}

// try claims unit i for the caller among the workers of this process: a
// unit one of them tried (and perhaps failed) is not tried again in this
// run. A unit another worker held when the caller came (wait) may be
// tried once more, after that worker is done with it.
func (q *unitQueue) try(i int, again bool) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.tried[i] && !(again && q.results[i].Status == "") {
		return false
	}
	q.tried[i] = true
	return true
}

// failed lists the failed units, each as "name: reason".
func (q *unitQueue) failed() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []string
	for _, u := range q.results {
		if u.Status == UnitFailed {
			out = append(out, u.Name+": "+u.Error)
		}
	}
	return out
}

// done notes that a worker is done loading; it reports whether it was
// the last of the process, which then runs after_sql when no unit failed.
func (q *unitQueue) done() (last bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.active--
	return q.active == 0
}

// ended keeps the run of the first worker to end, for the hooks.
func (q *unitQueue) ended(run Run) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.first == nil || run.ID < q.first.ID {
		q.first = &run
	}
}

// unitWorker is one worker of a run of many units: it records a run,
// loads every unit no other worker holds and not loaded whole before,
// then waits for the units others held and loads those they left (a
// worker that died), and ends its run. A unit that fails is recorded
// failed and the worker goes on with the next; a failure of the warehouse,
// a lost lease or cancellation ends the worker.
func (r *Runner) unitWorker(ctx context.Context, p *Pipeline, ul UnitLedger, q *unitQueue) (Result, error) {
	full := r.Resume == FullRefresh
	run, release, err := ul.StartWorker(ctx, p.Name, full)
	if err != nil {
		return Result{}, err
	}
	defer release()
	j := &job{Runner: r, p: p, run: &run, started: time.Now(), resume: r.Resume, noHooks: true}
	err = r.ready(ctx, p)
	if err == nil {
		q.before.Do(func() { q.beforeErr = j.runSQL(ctx, "before_sql", p.BeforeSQL) })
		err = q.beforeErr
	}
	if err == nil && full {
		err = j.clearUnits(ctx, ul, q)
	}
	var failed int
	if err == nil {
		failed, err = j.loadUnits(ctx, ul, q)
	}
	if last := q.done(); last && err == nil && len(q.failed()) == 0 {
		err = j.runSQL(ctx, "after_sql", p.AfterSQL)
	}
	if err == nil && failed > 0 {
		err = fmt.Errorf("%w: %d files failed in run %d", ErrUnitsFailed, failed, run.ID)
	}
	res, err := j.finish(ctx, err)
	q.ended(*j.run)
	return res, err
}

// clearUnits starts a full refresh: the target's rows and every unit's
// checkpoint and state go, in one transaction, and the run owns each
// unit, so a worker still loading one (started before) fails at its next
// batch instead of writing.
//
// Owning the listed units, not only those recorded, matters: a worker that
// claimed a file just before would otherwise keep it and write a batch
// the emptying then removes, and go on from that batch's checkpoint.
func (j *job) clearUnits(ctx context.Context, ul UnitLedger, q *unitQueue) error {
	return j.Warehouse.Transact(ctx, func(tx Tx) error {
		keys := make([]string, len(q.units))
		for i, u := range q.units {
			keys[i] = UnitKey(j.p.Name, u.Name)
		}
		if err := ul.ClearUnits(ctx, tx, j.p.Name, keys, j.run.ID); err != nil {
			return err
		}
		n, err := tx.DeleteAllRows(ctx, j.p.Target)
		if err == nil {
			j.logf(ctx, "full refresh: emptied the target and forgot every file", "table", j.p.Target.Name, "rows", n)
		}
		return err
	})
}

// loadUnits loads the queue's units in order: a first pass takes those
// no other worker holds, then the units others held are waited for, one
// by one, and loaded if they are not done then. It returns how many of
// the units it tried failed. A target that lost the rows of the files
// recorded loaded fails it, as it fails a run of one file (see
// checkpoint).
func (j *job) loadUnits(ctx context.Context, ul UnitLedger, q *unitQueue) (int, error) {
	states, err := ul.Units(ctx, j.p.Name)
	if err != nil {
		return 0, err
	}
	if err := j.unitsEmptied(ctx, states); err != nil {
		return 0, err
	}
	failed := 0
	busy := make([]int, 0)
	for wait, todo := false, indexes(len(q.units)); len(todo) > 0; wait, todo, busy = true, busy, nil {
		for _, i := range todo {
			u := q.units[i]
			if st, ok := states[u.Name]; ok && done(st, u) {
				q.set(i, UnitResult{Name: u.Name, Status: UnitSkipped})
				continue
			}
			if !q.try(i, wait) {
				continue
			}
			res, err := j.loadUnit(ctx, ul, u, wait)
			switch {
			case errors.Is(err, ErrAlreadyRunning) && !wait:
				busy = append(busy, i)
				continue
			case err != nil && res.Status != UnitFailed:
				return failed, err
			}
			q.set(i, res)
			if res.Status == UnitFailed {
				failed++
				if err != nil { // the failure could not be recorded, or ends the worker
					return failed, err
				}
			}
		}
	}
	return failed, nil
}

// unitsEmptied fails, unless the run resumes anyway, when files are
// recorded loaded with rows and the target holds none: it was recreated or
// emptied, and skipping those files would leave it so.
func (j *job) unitsEmptied(ctx context.Context, states map[string]UnitState) error {
	if j.resume == ResumeAnyway || j.resume == FullRefresh {
		return nil
	}
	var files, rows int64
	for name := range states {
		if st := states[name]; st.Status == UnitLoaded && st.Loaded > 0 {
			files, rows = files+1, rows+st.Loaded
		}
	}
	if files == 0 {
		return nil
	}
	has, err := j.Warehouse.HasRows(ctx, j.p.Target.Name)
	if err != nil || has {
		return err
	}
	return fmt.Errorf("%w: %s is empty, but %d files are recorded loaded with %d rows; reload them with `loader run %s --full-refresh`, or `loader reset %s` and run again; if the target is emptied on purpose after each load, --resume loads only new files",
		ErrTargetEmptied, j.p.Target.Name, files, rows, j.p.Name, j.p.Name)
}

func indexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// done reports whether a unit's recorded state says it was loaded whole
// in the version the listing found.
func done(st UnitState, u Unit) bool { return st.Status == UnitLoaded && st.Stamp == u.Stamp }

// loadUnit loads one unit holding its lock (refused, wrapping
// ErrAlreadyRunning, while another worker holds it, unless wait): it
// claims the unit, checks it is still not done, resumes it from its own
// checkpoint and records how it ended. A unit's own failure is returned
// as a UnitResult of status UnitFailed, with a nil error unless the
// worker must stop (cancelled, lease lost, the warehouse failing, the
// reject budget spent).
func (j *job) loadUnit(ctx context.Context, ul UnitLedger, u Unit, wait bool) (UnitResult, error) {
	key := UnitKey(j.p.Name, u.Name)
	release, err := ul.LockUnit(ctx, key, wait)
	if err != nil {
		return UnitResult{}, err
	}
	defer release()
	st, seen, err := ul.Unit(ctx, key)
	if err != nil {
		return UnitResult{}, err
	}
	if seen && done(st, u) { // another worker loaded it meanwhile
		return UnitResult{Name: u.Name, Status: UnitSkipped}, nil
	}
	if err := ul.ClaimUnit(ctx, key, j.run.ID); err != nil {
		return UnitResult{}, err
	}
	before := *j.run
	loadErr := j.loadUnitSource(ctx, u, key)
	res := UnitResult{Name: u.Name, Status: UnitLoaded, RunID: j.run.ID,
		Read: j.run.RowsRead - before.RowsRead, Loaded: j.run.RowsLoaded - before.RowsLoaded}
	rec := UnitState{Pipeline: j.p.Name, Name: u.Name, Key: key, Stamp: u.Stamp, Status: UnitLoaded, Loaded: st.Loaded + res.Loaded, RunID: j.run.ID}
	if loadErr != nil {
		if fatal(ctx, loadErr) {
			return res, loadErr
		}
		res.Status, rec.Status = UnitFailed, UnitFailed
		if errors.Is(loadErr, ErrSourceChanged) && j.p.Mode == Append {
			loadErr = fmt.Errorf("%w; the rows loaded from it before stay, so appending it again would double them: reload every file with `loader run %s --full-refresh`", loadErr, j.p.Name)
		}
		res.Error = masked(loadErr, j.p.Secrets).Error()
		rec.Error = res.Error
		j.logf(ctx, "file failed", "file", u.Name, "error", res.Error)
	} else {
		j.logf(ctx, "file loaded", "file", u.Name, "read", res.Read, "loaded", res.Loaded)
	}
	if err := ul.FinishUnit(context.WithoutCancel(ctx), rec); err != nil {
		return res, err
	}
	return res, nil
}

// fatal reports whether a unit's error ends its worker rather than the
// unit alone.
func fatal(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, ErrLeaseLost) || errors.Is(err, ErrTooManyRejects) || errors.Is(err, ErrTargetMissing)
}

// loadUnitSource loads the unit as a pipeline of its own, its checkpoint
// and lease under key, counting into the worker's run.
func (j *job) loadUnitSource(ctx context.Context, u Unit, key string) error {
	src, err := u.Open(ctx)
	if err != nil {
		return err
	}
	p := *j.p
	p.Source = src
	resume := ResumeSame
	if j.resume == ResumeAnyway {
		resume = ResumeAnyway
	}
	sub := &job{Runner: j.Runner, p: &p, run: j.run, started: j.started, key: key, resume: resume, base: *j.run, noHooks: true}
	return sub.execute(ctx)
}
