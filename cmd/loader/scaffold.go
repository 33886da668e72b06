package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/internal/scaffold"
	"github.com/warehouse-loader/loader/models"
)

type scaffoldFlags struct {
	from, format, file, dir string
	keys                    []string
	sample                  int
	force                   bool
}

func (a *app) scaffoldCommand() *cobra.Command {
	var f scaffoldFlags
	cmd := &cobra.Command{
		Use:   "scaffold NAME --from FILE",
		Short: "Write a model, its migrations and a pipeline for a new table, from a sample file",
		Long: `Scaffold a new table NAME (snake_case) from the first records of a CSV, JSON
or NDJSON file: column names in snake_case, types inferred from the values
(integers, exact decimals, floats, booleans, dates and timestamps with their
layout, text; codes with leading zeros stay text), NOT NULL unless a value is
missing. From a Parquet file the columns and types are its schema's
(DECIMAL(p,s) as numeric(p,s), integers, floats, booleans, dates, UTC
timestamps, text; lists, maps and groups as JSON text), NULL where OPTIONAL;
only the --key columns of the first --sample rows are read, to check them.
It writes models/NAME.go (a GORM model that registers itself), the
migration creating the table for every database at the next free version,
and the pipeline NAME (upsert on --key columns, else append) in the pipeline
file. Then: make migrate, and loader run NAME.

Run it from the project's root (or give --dir). It refuses to overwrite
what a scaffold of NAME wrote before unless --force.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.scaffold(cmd.Context(), args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.from, "from", "", "the sample file (required)")
	fl.StringArrayVar(&f.keys, "key", nil, "a key column, by its name in the file or in snake_case; repeat for a composite key (default: a surrogate id)")
	fl.IntVar(&f.sample, "sample", scaffold.DefaultSample, "records read to infer the columns (of a Parquet file: rows read to check the --key columns)")
	fl.BoolVar(&f.force, "force", false, "replace the model, the pipeline and the create_NAME migration (while it is the latest) written before")
	fl.StringVar(&f.format, "format", "", "csv, json, ndjson or parquet (default: from the file's extension, or parquet for a file with Parquet's magic)")
	fl.StringVar(&f.file, "file", "", "pipeline file to add the pipeline to (default $LOADER_PIPELINES, else DIR/"+defaultPipelines+")")
	fl.StringVar(&f.dir, "dir", ".", "the project's root: models/ and migrations/ are under it")
	return cmd
}

func (a *app) scaffold(ctx context.Context, name string, f scaffoldFlags) error {
	if f.from == "" {
		return usagef("scaffold %s: --from FILE is required: the CSV, JSON, NDJSON or Parquet file to learn the columns from", name)
	}
	if f.sample < 1 {
		return usagef("--sample %d: read at least one record", f.sample)
	}
	file := f.file
	if file == "" {
		file = a.getenv("LOADER_PIPELINES")
	}
	if file == "" {
		file = filepath.Join(f.dir, defaultPipelines)
	}
	res, err := scaffold.Run(ctx, scaffold.Options{
		Name: name, From: f.from, Format: f.format, Keys: f.keys, Sample: f.sample, Force: f.force,
		Dir: f.dir, Pipelines: file, Models: models.All(),
	})
	if err != nil {
		return err
	}
	return a.printScaffold(name, file, res)
}

// plural returns "1 record", "2 records".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// printScaffold says what scaffold wrote and what to run next.
func (a *app) printScaffold(name, file string, res scaffold.Result) error {
	var b strings.Builder
	for _, p := range res.Paths {
		if p == file {
			p += " (pipeline " + name + ")"
		}
		fmt.Fprintf(&b, "wrote %s\n", p)
	}
	if res.Sample.Typed {
		fmt.Fprintf(&b, "%s: %d columns, from the schema of %s\n", name, len(res.Sample.Columns), res.Model.From)
	} else {
		fmt.Fprintf(&b, "%s: %d columns, inferred from %s of %s\n", name, len(res.Sample.Columns), plural(res.Sample.Records, "record"), res.Model.From)
	}
	if n := res.Sample.Rejected; n > 0 {
		fmt.Fprintf(&b, "%s of the sample could not be read and were left out; loader run will reject them with the reason\n", plural(n, "record"))
	}
	if res.Rewrote != "" {
		fmt.Fprintf(a.stderr, "warning: rewrote migrations/*/%s.*: a database that applied the old version keeps the old table; "+
			"there, run `loader migrate down` with the previous bin/loader first, or restore the old files and write the change as a new migration with `loader migrate diff`\n", res.Rewrote)
	}
	run := "bin/loader run " + name
	if file != defaultPipelines {
		run += " --file " + file
	}
	fmt.Fprintf(&b, "next:\n  make migrate   # rebuilds bin/loader (it embeds the new model and migrations), then migrates\n  %s\n", run)
	_, err := fmt.Fprint(a.stdout, b.String())
	return err
}
