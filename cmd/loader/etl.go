package main

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/report"
	"github.com/warehouse-loader/loader/repository"
)

// defaultPipelines is the pipeline file read when --file is not given.
const defaultPipelines = "pipelines.yaml"

// addETLCommands adds run, runs, rejects, report and scaffold.
func (a *app) addETLCommands(root *cobra.Command) {
	root.AddCommand(a.runCommand(), a.runsCommand(), a.rejectsCommand(), a.reportCommand(), a.scaffoldCommand(), a.pipelinesCommand())
}

type runFlags struct {
	file, input, maxRejects string
	batchSize, workers      int
	dryRun, wait, follow    bool
	fullRefresh, newSource  bool
	resume                  bool
}

func (a *app) runCommand() *cobra.Command {
	var f runFlags
	cmd := &cobra.Command{
		Use:   "run PIPELINE",
		Short: "Run a pipeline from the pipeline file",
		Long: `Run a pipeline: extract, transform, load in batches, each batch committed
together with its rejects and the pipeline's progress. A run that is killed
resumes where its last batch committed; a rerun on an unchanged source loads
nothing. The pipeline's on_success or on_failure hooks fire once the run has
ended; a hook that fails prints a warning and is recorded on the run (see
loader runs), but changes neither the run nor the exit code. Exit code 1 when
the run fails or is cancelled.`,
		Args:   exactArgs(1),
		PreRun: func(*cobra.Command, []string) { a.warnNotEmbedded(defaultMigrationsDir) },
		RunE:   func(cmd *cobra.Command, args []string) error { return a.runPipeline(cmd.Context(), args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.file, "file", "", "pipeline file (default $LOADER_PIPELINES, else "+defaultPipelines+")")
	fl.StringVar(&f.input, "input", "", "read this file instead of the file source's path")
	fl.StringVar(&f.maxRejects, "max-rejects", "", "fail the run past N rejected records or P% of those read")
	fl.IntVar(&f.batchSize, "batch-size", 0, "rows per transaction (default from the file, else 10000)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "extract and transform, report counts and the first rejects, write nothing")
	fl.BoolVar(&f.wait, "wait", false, "wait for a running load of the same pipeline instead of failing")
	fl.BoolVar(&f.fullRefresh, "full-refresh", false, "ignore the checkpoint and reload everything: append and upsert first empty the target, in the first batch's transaction")
	fl.BoolVar(&f.newSource, "new-source", false, "ignore the checkpoint and read the source from its start, keeping the rows loaded before (another file to append)")
	fl.BoolVar(&f.resume, "resume", false, "resume at the checkpoint even though the source no longer matches it or the target was emptied")
	fl.BoolVar(&f.follow, "follow", false, "for a source that reads a stream (rabbitmq, kafka): keep reading until SIGINT/SIGTERM, each batch committed when full or after the source's flush_interval")
	fl.IntVar(&f.workers, "workers", 1, "for a source of many files (a glob, a folder, an S3 prefix): load N files at a time, each worker with a run of its own")
	return cmd
}

func (a *app) runPipeline(ctx context.Context, name string, f runFlags) error {
	if f.batchSize < 0 {
		return usagef("--batch-size %d: must be positive", f.batchSize)
	}
	if f.workers < 1 || f.workers > maxWorkers {
		return usagef("--workers %d: give 1 to %d", f.workers, maxWorkers)
	}
	if b2i(f.fullRefresh)+b2i(f.newSource)+b2i(f.resume) > 1 {
		return usagef("--full-refresh, --new-source and --resume exclude each other: choose one")
	}
	if f.workers > 1 && a.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(workerMemory(f.workers)) // each worker's batches are its own
	}
	store, err := a.openStore(ctx, repository.WithMaxConns(workerConns(f.workers)))
	if err != nil {
		return err
	}
	if err := requireCurrentSchema(ctx, store); err != nil && !(f.wait && errors.Is(err, migrations.ErrOutOfDate)) {
		return err // checked again under the lock: with --wait, a migration under way may end it
	}
	sf, err := a.loadPipelines(f.file)
	if err != nil {
		return err
	}
	r, p, closeSrc, err := a.prepareRun(ctx, store, sf, name, f)
	if err != nil {
		return err
	}
	defer closeSrc()
	if f.dryRun {
		return a.dryRun(ctx, r, p)
	}
	stop := a.progress(r)
	res, err := r.Run(ctx, p)
	stop()
	if res.RunID != 0 {
		fmt.Fprintln(a.stdout, summaryLine(name, res))
	}
	if len(res.Units) > 0 {
		a.printUnits(res)
	}
	if res.HookError != "" {
		fmt.Fprintf(a.stderr, "warning: hook failed: %s\n", res.HookError) // the run's own outcome stands
	}
	if res.Rejected > 0 && err == nil {
		fmt.Fprintf(a.stdout, "see the rejected records with: loader rejects %d\n", res.RunID)
		for _, id := range res.Workers[min(1, len(res.Workers)):] {
			fmt.Fprintf(a.stdout, "  and: loader rejects %d\n", id)
		}
	}
	if errors.Is(err, etl.ErrSourceChanged) {
		err = fmt.Errorf("%w; nothing was written. Choose: `loader run %s --full-refresh` reloads it (emptying the target first), `--new-source` appends it from its start (keeping the rows loaded), `--resume` continues at the checkpoint anyway", err, name)
	}
	if errors.Is(err, etl.ErrTargetEmptied) {
		err = fmt.Errorf("%w; nothing was written. Reload from the first record with `loader run %s --full-refresh`, or `loader reset %s` and run it again; if the target is emptied on purpose after each load, `--resume` continues at the checkpoint", err, name, name)
	}
	return err
}

// prepareRun builds pipeline name of sf and the runner of its run; the
// function returned closes the pipeline's source.
func (a *app) prepareRun(ctx context.Context, store *repository.Store, sf *spec.File, name string, f runFlags) (*etl.Runner, *etl.Pipeline, func(), error) {
	p, closeSrc, err := sf.Build(ctx, name, spec.Options{
		Targets: repository.NewTargets(store, models.All()...), Input: f.input, BatchSize: f.batchSize, MaxRejects: f.maxRejects, Log: a.log, Follow: f.follow,
		Databases: repository.OpenDatabases(store, a.storeOptions()...), // other databases get the warehouse's limits
	})
	if err != nil {
		return nil, nil, nil, err
	}
	r := &etl.Runner{Warehouse: repository.NewWarehouse(store), Log: a.log, Wait: f.wait, Resume: resumePolicy(f), Workers: f.workers,
		Ready: func(ctx context.Context) error { return requireCurrentSchema(ctx, store) }}
	return r, p, closeSrc, nil
}

// summaryLine is the line a run ends with: its status, whether it resumed
// at a checkpoint or was a full refresh, and its counts.
func summaryLine(name string, res etl.Result) string {
	how := ""
	switch {
	case res.FullRefresh:
		how = " (full refresh)"
	case res.ResumedAfter > 0:
		how = fmt.Sprintf(" (resumed after record %d)", res.ResumedAfter)
	}
	run := fmt.Sprintf("run %d", res.RunID)
	if len(res.Workers) > 1 {
		run = "runs " + joinIDs(res.Workers)
	}
	return fmt.Sprintf("%s of %s %s%s: %d read, %d loaded, %d rejected, %d dropped in %s",
		run, name, res.Status, how, res.Read, res.Loaded, res.Rejected, res.Dropped, res.Duration.Round(time.Millisecond))
}

// loadPipelines reads the pipeline file: file, else $LOADER_PIPELINES,
// else defaultPipelines.
func (a *app) loadPipelines(file string) (*spec.File, error) {
	if file == "" {
		file = a.getenv("LOADER_PIPELINES")
	}
	if file == "" {
		file = defaultPipelines
	}
	return spec.Load(file, a.getenv)
}

func resumePolicy(f runFlags) etl.Resume {
	switch {
	case f.fullRefresh:
		return etl.FullRefresh
	case f.newSource:
		return etl.NewSource
	case f.resume:
		return etl.ResumeAnyway
	}
	return etl.ResumeSame
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (a *app) dryRun(ctx context.Context, r *etl.Runner, p *etl.Pipeline) error {
	res, err := r.DryRun(ctx, p, 10)
	if res.Status == "" {
		return err // it never started (locked, or the target is missing)
	}
	fmt.Fprintf(a.stdout, "dry run of %s: %d read, %d would load, %d rejected, %d dropped; nothing written\n",
		p.Name, res.Read, res.Loaded, res.Rejected, res.Dropped)
	if len(res.Rejects) > 0 {
		if ferr := a.showDryRejects(res); ferr != nil {
			return ferr
		}
	}
	return err
}

func (a *app) runsCommand() *cobra.Command {
	var format string
	var f repository.RunFilter
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "List recent runs, newest first",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.Status != "" && !slices.Contains(models.RunStatuses, f.Status) {
				return usagef("--status %q: use one of %s", f.Status, strings.Join(models.RunStatuses, ", "))
			}
			store, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			runs, err := store.RunsPage(cmd.Context(), f)
			if err != nil {
				return err
			}
			return a.printRuns(format, runs)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "output format: table or json")
	cmd.Flags().StringVar(&f.Pipeline, "pipeline", "", "only runs of this pipeline")
	cmd.Flags().StringVar(&f.Status, "status", "", "only runs with this status: running, succeeded, failed, cancelled or skipped")
	cmd.Flags().Int64Var(&f.Before, "before", 0, "only runs older than this run id (the next page)")
	cmd.Flags().IntVar(&f.Limit, "limit", 20, "how many runs")
	return cmd
}

func (a *app) rejectsCommand() *cobra.Command {
	var format, reason string
	var limit int
	cmd := &cobra.Command{
		Use:   "rejects RUN_ID",
		Short: "Show the records a run rejected, with their position and reason",
		Long: `Show the records a run rejected, in source order: the position, the reason
and the record's fields in the order the source had them. Past --limit, a
last line says how many more there are (on stderr for json and csv).
--format json prints an array of {position, reason, record} objects; csv a
header (position, reason, every field name in the order first seen) and a
row per reject. Only the table cuts long values.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return usagef("run id %q: must be a positive number (see `loader runs`)", args[0])
			}
			store, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			if _, err := store.Run(cmd.Context(), id); errors.Is(err, repository.ErrNotFound) {
				return fmt.Errorf("no run %d in this warehouse; see `loader runs`", id)
			} else if err != nil {
				return err
			}
			return a.rejects(cmd.Context(), store, id, format, limit, reason)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "output format: table, json or csv")
	cmd.Flags().IntVar(&limit, "limit", 100, "how many rejects (0: all)")
	cmd.Flags().StringVar(&reason, "reason", "", "only rejects whose reason contains this text (ignoring case)")
	return cmd
}

func (a *app) reportCommand() *cobra.Command {
	var format string
	group := &cobra.Command{
		Use:   "report",
		Short: "Print analyses of the warehouse",
		Args:  groupArgs,
		RunE:  groupRun,
	}
	sales := &cobra.Command{
		Use:   "sales",
		Short: "Count, sum and mean of sales_amount per sales_category",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			store, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			stats, err := report.Sales(cmd.Context(), store)
			if err != nil {
				return err
			}
			return a.printSales(format, stats)
		},
	}
	sales.Flags().StringVar(&format, "format", "table", "output format: table, json or csv")
	var file string
	tables := &cobra.Command{
		Use:   "tables",
		Short: "Rows, last load and NULL count per column of every table the models define",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			sf, err := a.loadPipelines(file)
			if err != nil {
				return err
			}
			store, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			ps, err := report.Pipelines(cmd.Context(), store, sf, nil, store.Now())
			if err != nil {
				return err
			}
			ts, err := report.Tables(cmd.Context(), store, models.All(), ps)
			if err != nil {
				return err
			}
			return a.printTables(format, ts)
		},
	}
	tables.Flags().StringVar(&format, "format", "table", "output format: table or json")
	tables.Flags().StringVar(&file, "file", "", "pipeline file, for which pipeline loads which table (default $LOADER_PIPELINES, else "+defaultPipelines+")")
	group.AddCommand(sales, tables)
	return group
}
