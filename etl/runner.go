package etl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// Runner runs pipelines against one warehouse.
type Runner struct {
	Store *repository.Store
	// Log receives a line per run (info) and per batch (debug).
	Log *slog.Logger
	// Wait makes a run wait for another run of the same pipeline to end
	// instead of failing with ErrAlreadyRunning.
	Wait bool
	// Progress, when set, is called after every committed batch.
	Progress func(Progress)
}

// Progress is a run's state after a batch.
type Progress struct {
	Pipeline                        string
	Read, Loaded, Rejected, Dropped int64
	// Done and Size measure the source in its own units (bytes for files);
	// Size is 0 when unknown.
	Done, Size int64
	Elapsed    time.Duration
}

// Result is what a run did.
type Result struct {
	RunID                           int64
	Status                          string
	Read, Loaded, Rejected, Dropped int64
	Duration                        time.Duration
	// Rejects holds the first rejects of a dry run.
	Rejects []models.LoadReject
}

// Run executes the pipeline: it takes the pipeline's lock, records a run,
// resumes from the committed checkpoint, and commits each batch together
// with its rejects and the new checkpoint. The run ends succeeded, failed
// or cancelled (ctx), and its row in load_runs says so.
func (r *Runner) Run(ctx context.Context, p *Pipeline) (Result, error) {
	if err := p.validate(); err != nil {
		return Result{}, err
	}
	release, err := r.Store.LockPipeline(ctx, p.Name, r.Wait)
	if errors.Is(err, repository.ErrLocked) {
		return Result{}, fmt.Errorf("%w: %s is being loaded by another process into this warehouse; wait for it to finish or pass --wait", ErrAlreadyRunning, p.Name)
	}
	if err != nil {
		return Result{}, err
	}
	defer release()
	run, err := r.Store.StartRun(ctx, p.Name)
	if err != nil {
		return Result{}, err
	}
	j := &job{Runner: r, p: p, run: &run, started: time.Now()}
	runErr := j.execute(ctx)
	return j.finish(ctx, runErr)
}

// DryRun extracts and transforms like Run but writes nothing; it returns
// the counts and up to showRejects rejects.
func (r *Runner) DryRun(ctx context.Context, p *Pipeline, showRejects int) (Result, error) {
	if err := p.validate(); err != nil {
		return Result{}, err
	}
	j := &job{Runner: r, p: p, run: &models.LoadRun{Pipeline: p.Name}, started: time.Now(), dry: true, showRejects: showRejects}
	err := j.execute(ctx)
	res := j.result(models.RunSucceeded)
	if err != nil {
		res.Status = models.RunFailed
	}
	return res, err
}

// job is one execution of a pipeline.
type job struct {
	*Runner
	p           *Pipeline
	run         *models.LoadRun
	started     time.Time
	dry         bool
	showRejects int
	shown       []models.LoadReject
	dropped     int64
	staging     *repository.Table
	copies      copyPolicy
}

func (j *job) result(status string) Result {
	return Result{
		RunID: j.run.ID, Status: status, Read: j.run.RowsRead, Loaded: j.run.RowsLoaded,
		Rejected: j.run.RowsRejected, Dropped: j.dropped, Duration: time.Since(j.started), Rejects: j.shown,
	}
}

func (j *job) finish(ctx context.Context, runErr error) (Result, error) {
	status := models.RunSucceeded
	switch {
	case runErr == nil:
	case ctx.Err() != nil:
		status = models.RunCancelled
	default:
		status = models.RunFailed
	}
	j.run.Status = status
	if runErr != nil {
		msg := runErr.Error()
		j.run.Error = &msg
	}
	res := j.result(status)
	if err := j.Store.FinishRun(context.WithoutCancel(ctx), j.run); err != nil {
		return res, errors.Join(runErr, fmt.Errorf("recording the end of run %d: %w", j.run.ID, err))
	}
	j.logf(ctx, "run finished", "run", j.run.ID, "status", status, "read", res.Read, "loaded", res.Loaded,
		"rejected", res.Rejected, "dropped", res.Dropped, "seconds", res.Duration.Seconds())
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
// for the same source (and, in replace mode, its staging table survives).
func (j *job) checkpoint(ctx context.Context) (Checkpoint, error) {
	if j.dry {
		return Checkpoint{}, nil
	}
	st, found, err := j.Store.State(ctx, j.p.Name)
	if err != nil || !found || st.Source != j.p.Source.Identity() {
		return Checkpoint{}, err
	}
	if j.p.Mode == Replace {
		stage := repository.StagingTable(j.p.Target, j.p.Name)
		if ok, err := j.Store.HasTable(ctx, stage.Name); err != nil || !ok {
			return Checkpoint{}, err
		}
	}
	cp := Checkpoint{Records: st.SourceOffset}
	if st.Cursor != nil {
		cp.Cursor = *st.Cursor
	}
	return cp, nil
}

func (j *job) execute(ctx context.Context) error {
	from, err := j.checkpoint(ctx)
	if err != nil {
		return err
	}
	cols, err := j.p.Source.Open(ctx, from)
	if err != nil {
		return err
	}
	defer func() { _ = j.p.Source.Close() }()
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
		stage := repository.StagingTable(j.p.Target, j.p.Name)
		j.staging = &stage
	}
	if from.Records > 0 {
		j.logf(ctx, "resuming", "after_records", from.Records)
	}
	return j.pump(ctx, cols, chain, conf, from.Records == 0)
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
		first = false
		if b.eof {
			return j.swap(ctx)
		}
		free <- b
	}
	return ctx.Err()
}
