// Command bench times the loader's pipelines against the databases' own bulk
// paths (psql \copy, sqlite3 .import, one INSERT … SELECT in PostgreSQL) on
// the same generated data, and checks after every run that both sides hold
// the same rows. `make bench` runs it through scripts/bench.sh;
// docs/benchmarks.md describes the cases, their references and targets.
//
//	go run ./cmd/bench -n 1000000 -loader bin/loader [-runs 3] [-cases a,b] [-json FILE] [-keep] [-rss-n 10000000] [-api-n 200000] [-parquet-n 3000000] [-kafka-n 200000]
//	    [-files 40] [-workers 4] [-processes 1] [-rabbit-n 200000] [-amqp URL]
//
// Exit code 1 when a run fails or a target table differs from its reference,
// 2 for bad flags. Targets that are not met are reported, not failed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
)

// defaultPostgres is used when neither -database nor
// LOADER_TEST_DATABASE_URL is set.
const defaultPostgres = "postgres://127.0.0.1:5432/test?sslmode=disable"

type config struct {
	n, runs, rssN int
	apiN          int
	parquetN      int
	rabbitN       int
	kafkaN        int
	// files, workers and processes shape files_workers_pg.
	files, workers, processes int
	seed                      uint64
	loader                    string
	pipelines                 string
	database                  string
	mysql                     string
	amqp                      string
	jsonPath                  string
	cases                     []string
	keep                      bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == prepareCommand {
		if err := prepareMain(os.Args[2:], os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "bench prepare:", err)
			os.Exit(1)
		}
		return
	}
	if len(os.Args) > 1 && os.Args[1] == parquetCommand {
		if err := parquetMain(os.Args[2:], os.Stdout, os.Stderr); err != nil {
			fmt.Fprintln(os.Stderr, "bench prepare-parquet:", err)
			os.Exit(1)
		}
		return
	}
	cfg, err := parseFlags(os.Args[1:], os.Stderr, os.Getenv)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err = run(ctx, cfg, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (config, error) {
	var cfg config
	var cases string
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&cfg.n, "n", 1000000, "raw CSV rows to generate")
	fs.IntVar(&cfg.runs, "runs", 3, "timed runs of each side per case (the median is reported)")
	fs.IntVar(&cfg.apiN, "api-n", 200000, "orders the api_to_pg case's server holds (pages of 1,000)")
	fs.IntVar(&cfg.parquetN, "parquet-n", 3000000, "rows of the parquet_to_pg case's Parquet file")
	fs.IntVar(&cfg.rabbitN, "rabbit-n", 200000, "messages the rabbitmq_to_pg case publishes to its queue before each run")
	fs.IntVar(&cfg.kafkaN, "kafka-n", 200000, "messages the kafka_to_pg case produces to its topic (3 partitions)")
	fs.IntVar(&cfg.files, "files", 40, "files the files_workers_pg case splits the raw CSV into")
	fs.IntVar(&cfg.workers, "workers", 4, "--workers of each loader process of files_workers_pg (1 to 16)")
	fs.IntVar(&cfg.processes, "processes", 1, "loader processes files_workers_pg runs at once on the same files")
	fs.IntVar(&cfg.rssN, "rss-n", 0, "also run csv_to_pg_empty once at this many rows and report its peak RSS (0: skip)")
	fs.Uint64Var(&cfg.seed, "seed", 1, "seed of the generated data")
	fs.StringVar(&cfg.loader, "loader", "bin/loader", "loader binary to time")
	fs.StringVar(&cfg.pipelines, "pipelines", "bench/pipelines.yaml", "pipeline file with bench_csv, bench_ingest and bench_transform")
	fs.StringVar(&cfg.database, "database", "", "PostgreSQL server URL (default $LOADER_TEST_DATABASE_URL, else "+defaultPostgres+")")
	fs.StringVar(&cfg.mysql, "mysql", "", "MariaDB/MySQL server URL of csv_to_mariadb (default $LOADER_TEST_MYSQL_URL, else "+defaultMariaDB+")")
	fs.StringVar(&cfg.amqp, "amqp", "", "RabbitMQ broker URL of rabbitmq_to_pg (default $LOADER_TEST_AMQP_URL, else "+defaultAMQP+")")
	fs.StringVar(&cfg.jsonPath, "json", "", "also write the results, every run included, as JSON to this file")
	fs.StringVar(&cases, "cases", strings.Join(caseNames(), ","), "comma-separated cases to run")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the temporary files and the loader_bench schema")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if cfg.database == "" {
		cfg.database = getenv("LOADER_TEST_DATABASE_URL")
	}
	if cfg.database == "" {
		cfg.database = defaultPostgres
	}
	if cfg.mysql == "" {
		cfg.mysql = getenv("LOADER_TEST_MYSQL_URL")
	}
	if cfg.mysql == "" {
		cfg.mysql = defaultMariaDB
	}
	if cfg.amqp == "" {
		cfg.amqp = getenv("LOADER_TEST_AMQP_URL")
	}
	if cfg.amqp == "" {
		cfg.amqp = defaultAMQP
	}
	err := cfg.validate(cases)
	return cfg, err
}

func (cfg *config) validate(cases string) error {
	if cfg.n < 1 || cfg.runs < 1 || cfg.apiN < 1 || cfg.parquetN < 1 || cfg.rabbitN < 1 || cfg.kafkaN < 1 || cfg.rssN < 0 {
		return errors.New("-n, -runs, -api-n, -parquet-n, -rabbit-n and -kafka-n must be at least 1, -rss-n not negative")
	}
	if cfg.files < 1 || cfg.workers < 1 || cfg.workers > 16 || cfg.processes < 1 {
		return errors.New("-files and -processes must be at least 1, -workers 1 to 16 (the loader's limit)")
	}
	want := map[string]bool{}
	for _, c := range strings.Split(cases, ",") {
		if c = strings.TrimSpace(c); c != "" && !knownCase(c) {
			return fmt.Errorf("-cases: unknown case %q (cases: %s)", c, strings.Join(caseNames(), ", "))
		}
		want[c] = true
	}
	for _, c := range caseNames() { // in this order, so csv_to_pg_upsert can reuse csv_to_pg_empty's reference
		if want[c] {
			cfg.cases = append(cfg.cases, c)
		}
	}
	abs, err := filepath.Abs(cfg.loader)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return fmt.Errorf("-loader: %w (run make build)", err)
	}
	cfg.loader = abs
	cfg.pipelines, err = filepath.Abs(cfg.pipelines)
	return err
}

// run generates the data, runs the selected cases and the RSS check, and
// writes the report.
func run(ctx context.Context, cfg config, stdout, stderr io.Writer) error {
	dir, err := os.MkdirTemp("", "loader-bench-")
	if err != nil {
		return err
	}
	if cfg.keep {
		fmt.Fprintln(stderr, "keeping temporary files in", dir)
	} else {
		defer func() { _ = os.RemoveAll(dir) }()
	}
	b, err := newBench(ctx, cfg, dir, stderr)
	if err != nil {
		return err
	}
	defer b.close()
	rep, err := b.all(ctx)
	if rep != nil {
		printReport(stdout, rep)
		if werr := writeJSON(cfg.jsonPath, rep); werr != nil && err == nil {
			err = werr
		}
	}
	if err != nil && ctx.Err() != nil {
		err = fmt.Errorf("interrupted: %w", err)
	}
	return err
}
