package etl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/warehouse-loader/loader/etl/target"
)

// Runner runs pipelines against one warehouse.
type Runner struct {
	Warehouse Warehouse
	// Log receives a line per run (info) and per batch (debug).
	Log *slog.Logger
	// Wait makes a run wait for another run of the same pipeline to end
	// instead of failing with ErrAlreadyRunning.
	Wait bool
	// Progress, when set, is called after every committed batch.
	Progress func(Progress)
	// Resume says what a run does with a stored checkpoint (default:
	// ResumeSame).
	Resume Resume
	// Ready, when set, is called once a run (or a dry run) holds its
	// pipeline lock (and with it the warehouse, shared: no migration
	// changes the schema until the run ends), before the run is recorded:
	// the place to check that the schema is current. Its error ends the
	// run before it starts. The runner then checks that the target table
	// has every column the pipeline writes (ErrTargetMissing).
	Ready func(context.Context) error
	// Workers is how many workers a run of a source of many files (see
	// Multi) uses in this process, each with a run of its own (default
	// 1). Workers in other processes sharing the warehouse split the same
	// files.
	Workers int
}

// Resume is what a run does with the pipeline's stored checkpoint.
type Resume int

const (
	// ResumeSame resumes at the checkpoint when it fits the source. When
	// it does not (a file whose loaded bytes changed, a SQL source that
	// reads another table), an append run stops with ErrSourceChanged,
	// writing nothing; upsert and replace runs read the source from its
	// start, which cannot duplicate a row (it is keyed, or swapped in).
	ResumeSame Resume = iota
	// FullRefresh ignores the checkpoint and reads the source from its
	// start. In append and upsert mode the target is emptied in the first
	// batch's transaction, so a run that fails before its first commit
	// leaves the table as it was; a replace run swaps everything in anyway.
	FullRefresh
	// NewSource ignores the checkpoint and reads the source from its start,
	// keeping every row loaded before: the way to append another file.
	NewSource
	// ResumeAnyway resumes at the checkpoint even when the source no
	// longer matches it (same columns, at least as many bytes).
	ResumeAnyway
)

// Progress is a run's state after a batch.
type Progress struct {
	Pipeline                        string
	Read, Loaded, Rejected, Dropped int64
	// Done and Size measure the source in its own units (bytes for files);
	// Size is 0 when unknown.
	Done, Size int64
	Elapsed    time.Duration
	// Commit is how long the batch's transaction took, from its start
	// to its commit: writing its rows, rejects, counts and checkpoint,
	// and committing them.
	Commit time.Duration
}

// Result is what a run did.
type Result struct {
	RunID                           int64
	Status                          string
	Read, Loaded, Rejected, Dropped int64
	Duration                        time.Duration
	// ResumedAfter is the count of source records the run resumed after
	// (0 when it read the source from its start); FullRefresh says the run
	// ignored the checkpoint and reloaded everything.
	ResumedAfter int64
	FullRefresh  bool
	// Rejects holds the first rejects of a dry run.
	Rejects []Reject
	// HookError is what the run's failing hooks said, joined by "; "
	// (see Pipeline.OnSuccess); the run's status does not depend on it.
	HookError string
	// Units lists what a run of a source of many files did with each
	// (see Multi), in their order; Workers are the runs of its workers
	// (RunID is the first).
	Units   []UnitResult
	Workers []int64
}

// Run executes the pipeline: it takes the pipeline's lock, records a run,
// resumes from the committed checkpoint, and commits each batch together
// with its rejects and the new checkpoint. The run ends succeeded, failed
// or cancelled (ctx), and its row in load_runs says so. The pipeline's
// BeforeSQL runs before the first batch and AfterSQL after the last, only
// when the run succeeded (see executeWithSQL). Once the run's row is
// final, the pipeline's OnSuccess or OnFailure hooks fire (see fireHooks),
// bounded to 30 seconds in all (a few seconds when ctx was cancelled); a
// failing hook is logged and recorded (Result.HookError) and changes
// neither the run's status nor its error.
func (r *Runner) Run(ctx context.Context, p *Pipeline) (Result, error) {
	if err := r.preflight(ctx, p); err != nil {
		return Result{}, err
	}
	if m, ok := p.Source.(Multi); ok {
		return r.runUnits(ctx, p, m)
	}
	release, err := r.lock(ctx, p)
	if err != nil {
		return Result{}, err
	}
	defer release()
	if err := r.ready(ctx, p); err != nil {
		return Result{}, err
	}
	run, err := r.Warehouse.StartRun(ctx, p.Name)
	if err != nil {
		return Result{}, err
	}
	j := &job{Runner: r, p: p, run: &run, started: time.Now(), resume: r.Resume}
	return j.finish(ctx, j.executeWithSQL(ctx))
}

// lock takes the pipeline's lock (see Warehouse.LockPipeline).
func (r *Runner) lock(ctx context.Context, p *Pipeline) (func(), error) {
	release, err := r.Warehouse.LockPipeline(ctx, p.Name, r.Wait)
	if errors.Is(err, ErrAlreadyRunning) {
		return nil, fmt.Errorf("%w: %s is being loaded by another process into this warehouse (%w); wait for it to finish or pass --wait", ErrAlreadyRunning, p.Name, err)
	}
	return release, err
}

// DryRun extracts and transforms like Run, writes each batch and rolls it
// back; it returns the counts and up to showRejects rejects. It holds the
// pipeline's lock like a run, so it never competes with one of the same
// pipeline for the tables.
func (r *Runner) DryRun(ctx context.Context, p *Pipeline, showRejects int) (Result, error) {
	if err := r.preflight(ctx, p); err != nil {
		return Result{}, err
	}
	release, err := r.lock(ctx, p)
	if err != nil {
		return Result{}, err
	}
	defer release()
	if err := r.ready(ctx, p); err != nil {
		return Result{}, err
	}
	j := &job{Runner: r, p: p, run: &Run{Pipeline: p.Name}, started: time.Now(), dry: true, showRejects: showRejects, resume: r.Resume}
	err = errors.Join(j.execute(ctx), j.dropDryStaging(context.WithoutCancel(ctx)))
	res := j.result(RunSucceeded)
	if err != nil {
		res.Status = RunFailed
	}
	return res, err
}

// preflight checks the pipeline before a run takes its lock (see ready
// for the checks against the database).
func (r *Runner) preflight(_ context.Context, p *Pipeline) error {
	if r.Warehouse == nil {
		return errors.New("etl: the Runner has no Warehouse to load")
	}
	return p.validate()
}

// allRejected fails a run that read records and rejected every one: the
// data or the pipeline is wrong, whatever the reject budget says. Its
// checkpoint did not move (see record), and a replace run does not swap.
func (j *job) allRejected() error {
	if r := j.own(j.run); rejectedAll(&r) {
		return fmt.Errorf("%w: all %d records read were rejected, so nothing was loaded and the checkpoint did not move; see the reasons with `loader rejects %d`, fix the pipeline or the data, and run it again", ErrAllRejected, r.RowsRead, r.ID)
	}
	return nil
}

// job is one execution of a pipeline.
type job struct {
	*Runner
	p           *Pipeline
	run         *Run
	started     time.Time
	dry         bool
	showRejects int
	shown       []Reject
	// prior is the checkpoint the run resumed at, and resumedAfter its
	// count of records (0: the run reads the source from its start).
	prior        State
	resumedAfter int64
	staging      *target.Table
	copies       copyPolicy
	// resume is what the job does with its checkpoint (Runner.Resume,
	// or for a unit of many, see loadUnitSource).
	resume Resume
	// key is the name the checkpoint and lease are kept under ("": the
	// pipeline's); base holds the run's counts when a unit's job started,
	// so the unit's own are told apart (see own).
	key  string
	base Run
	// noHooks: finish fires no hook (a worker other than the first).
	noHooks bool
}

// stateKey is the name the job's checkpoint and lease are kept under.
func (j *job) stateKey() string {
	if j.key != "" {
		return j.key
	}
	return j.p.Name
}

// own returns the counts of run since the job started (all of them, but
// for the job of one unit among many).
func (j *job) own(run *Run) Run {
	r := *run
	r.RowsRead -= j.base.RowsRead
	r.RowsLoaded -= j.base.RowsLoaded
	r.RowsRejected -= j.base.RowsRejected
	r.RowsDropped -= j.base.RowsDropped
	return r
}

func (j *job) result(status string) Result {
	return Result{
		RunID: j.run.ID, Status: status, Read: j.run.RowsRead, Loaded: j.run.RowsLoaded,
		Rejected: j.run.RowsRejected, Dropped: j.run.RowsDropped, Duration: time.Since(j.started), Rejects: j.shown,
		ResumedAfter: j.resumedAfter, FullRefresh: j.resume == FullRefresh,
	}
}

func (j *job) finish(ctx context.Context, runErr error) (Result, error) {
	status := RunSucceeded
	switch {
	case runErr == nil:
	case ctx.Err() != nil:
		status = RunCancelled
	default:
		status = RunFailed
	}
	j.run.Status = status
	if runErr != nil {
		// What the run stopped with may quote the file's ${NAME} values
		// (a column or a URL spelt with one): load_runs, the hooks and the
		// command's output never show them.
		runErr = masked(runErr, j.p.Secrets)
		msg := runErr.Error()
		j.run.Error = &msg
	}
	res := j.result(status)
	if err := j.Warehouse.FinishRun(context.WithoutCancel(ctx), j.run); err != nil {
		if runErr != nil {
			err = fmt.Errorf("%w; %w", runErr, err) // FinishRun's error names the run
		}
		return res, err
	}
	j.logf(ctx, "run finished", "run", j.run.ID, "status", status, "read", res.Read, "loaded", res.Loaded,
		"rejected", res.Rejected, "dropped", res.Dropped, "seconds", res.Duration.Seconds(),
		"resumed_after", res.ResumedAfter, "full_refresh", res.FullRefresh)
	if !j.noHooks {
		res.HookError = j.fireHooks(ctx)
	}
	if runErr != nil {
		return res, fmt.Errorf("run %d of %s %s: %w", j.run.ID, j.p.Name, status, runErr)
	}
	return res, nil
}

func (j *job) logf(ctx context.Context, msg string, args ...any) {
	if j.Log != nil {
		j.Log.InfoContext(ctx, msg, append([]any{"pipeline", j.p.Name}, args...)...)
	}
}

// checkpoint returns where to resume from: the committed state when it is
// for this source (ErrSourceChanged when it is not and the run may not
// start over) and the target still holds what it loaded (ErrTargetEmptied
// when it does not, in append and upsert mode, unless the run resumes
// anyway: a target emptied on purpose after each load; see replaceFrom),
// or the zero checkpoint.
func (j *job) checkpoint(ctx context.Context) (Checkpoint, error) {
	if j.dry || j.resume == FullRefresh || j.resume == NewSource {
		return Checkpoint{}, nil
	}
	st, found, err := j.Warehouse.State(ctx, j.stateKey())
	if err != nil || !found {
		return Checkpoint{}, err
	}
	if j.p.Mode != Replace && j.resume != ResumeAnyway {
		switch emptied, err := j.targetEmptied(ctx, st); {
		case err != nil:
			return Checkpoint{}, err
		case emptied:
			return Checkpoint{}, j.emptiedError(st)
		}
	}
	j.prior = st
	cp := Checkpoint{Records: st.Records, Cursor: st.Cursor, Trust: j.resume == ResumeAnyway}
	id := j.p.Source.Identity()
	if st.Source == id || cp.Trust {
		return cp, nil
	}
	if a, ok := j.p.Source.(Adopter); ok && a.Adopts(st.Source) {
		cp.Trust = true // an older version's checkpoint, of this very source
		return cp, nil
	}
	return j.startOver(ctx, fmt.Errorf("%w: the checkpoint of run %d was taken on %s, the pipeline now reads %s", ErrSourceChanged, st.RunID, st.Source, id))
}

// startOver decides what a checkpoint that does not fit the source means:
// an append run stops (reading again would load rows twice); upsert and
// replace runs read the source from its start.
func (j *job) startOver(ctx context.Context, why error) (Checkpoint, error) {
	if j.p.Mode == Append {
		return Checkpoint{}, why
	}
	j.logf(ctx, "reading the source from its start", "mode", j.p.Mode, "reason", why.Error())
	j.prior = State{}
	return Checkpoint{}, nil
}

// open opens the source at from; a checkpoint the source finds no longer
// fits is handled as startOver says.
func (j *job) open(ctx context.Context, from Checkpoint) (Checkpoint, Columns, error) {
	cols, err := j.p.Source.Open(ctx, from)
	if err == nil || from == (Checkpoint{}) || !errors.Is(err, ErrSourceChanged) {
		return from, cols, err
	}
	if from, err = j.startOver(ctx, err); err != nil {
		return from, Columns{}, err
	}
	cols, err = j.p.Source.Open(ctx, from)
	return from, cols, err
}

func (j *job) execute(ctx context.Context) error {
	from, err := j.checkpoint(ctx)
	if err != nil {
		return err
	}
	from, cols, err := j.open(ctx, from)
	if err != nil {
		return err
	}
	defer func() { _ = j.p.Source.Close() }()
	var done bool
	from, cols, done, err = j.replaceFrom(ctx, from, cols)
	j.resumedAfter = from.Records
	if err != nil || done {
		return err
	}
	chain, err := bindSteps(cols, j.p.Steps)
	if err != nil {
		return fmt.Errorf("pipeline %s: %w", j.p.Name, err)
	}
	conf, err := newConformer(chain.out, j.p.Target)
	if err != nil {
		return fmt.Errorf("pipeline %s: %w", j.p.Name, err)
	}
	conf.runID = j.run.ID
	if j.p.Mode == Replace {
		stage := j.Warehouse.StagingTable(j.p.Target, j.p.Name)
		if j.dry { // never the staging table of a run under way
			stage.Name += "_dry"
		}
		j.staging = &stage
	}
	if from.Records > 0 {
		j.logf(ctx, "resuming", "after_records", from.Records)
	}
	return j.pump(ctx, cols, chain, conf, from.Records == 0)
}

// replaceFrom decides where a replace-mode run starts. With a staging
// table (a run stopped before its swap), it resumes filling it. Without
// one, the checkpoint is that of the last swap: when the target lost the
// rows swapped in (it was recreated or emptied), the whole source is read
// again; when the source proves the records before it unchanged
// (Fingerprinted) and has nothing past it, the table already holds it all
// and the run is done; otherwise the whole source is read again into a
// new staging table.
func (j *job) replaceFrom(ctx context.Context, from Checkpoint, cols Columns) (Checkpoint, Columns, bool, error) {
	if j.p.Mode != Replace || from.Records == 0 && from.Cursor == "" || j.dry {
		return from, cols, false, nil
	}
	stage := j.Warehouse.StagingTable(j.p.Target, j.p.Name)
	if staged, err := j.Warehouse.HasTable(ctx, stage.Name); err != nil || staged {
		return from, cols, false, err
	}
	emptied, err := j.targetEmptied(ctx, j.prior)
	if err != nil {
		return from, cols, false, err
	}
	if emptied {
		j.logf(ctx, "reading the source from its start", "mode", j.p.Mode, "reason", j.emptiedError(j.prior).Error())
		return j.reopen(ctx)
	}
	if fp, ok := j.p.Source.(Fingerprinted); !ok || !fp.Fingerprinted() {
		// Nothing past the checkpoint does not mean nothing changed
		// before it (a SQL source's rows are updated and deleted).
		return j.reopen(ctx)
	}
	var rec Record
	err = j.p.Source.Next(ctx, &rec)
	var rej *RejectError
	switch {
	case errors.Is(err, io.EOF):
		j.logf(ctx, "nothing new since the last swap", "after_records", from.Records)
		return from, cols, true, nil
	case err != nil && !errors.As(err, &rej):
		return from, cols, false, err
	}
	return j.reopen(ctx)
}

// reopen opens the source again from its start.
func (j *job) reopen(ctx context.Context) (Checkpoint, Columns, bool, error) {
	j.prior = State{}
	if err := j.p.Source.Close(); err != nil {
		return Checkpoint{}, Columns{}, false, err
	}
	cols, err := j.p.Source.Open(ctx, Checkpoint{})
	return Checkpoint{}, cols, false, err
}

// pump runs the read-and-transform stage in its own goroutine and writes
// the batches it produces, one transaction each.
func (j *job) pump(ctx context.Context, cols Columns, chain *stepChain, conf *conformer, fresh bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pr := &producer{src: j.p.Source, cols: cols, chain: chain, conf: conf, size: j.p.BatchSize, runID: j.run.ID}
	free := make(chan *batch, 3)
	for range 3 {
		free <- newBatch(j.p.BatchSize, len(j.p.Target.Columns))
	}
	out := make(chan *batch, 1)
	go pr.produce(ctx, free, out)
	defer func() {
		cancel()
		for range out { // let the producer end before the source closes
		}
	}()
	first := true
	for b := range out {
		if b.err != nil {
			return b.err
		}
		if err := j.commit(ctx, b, fresh && first); err != nil {
			return err
		}
		if err := j.acknowledge(ctx, b.cp); err != nil {
			return err
		}
		first = false
		if b.eof {
			if err := j.allRejected(); err != nil {
				return errors.Join(err, j.dropStaging(ctx))
			}
			return j.swap(ctx)
		}
		free <- b
	}
	return ctx.Err()
}
