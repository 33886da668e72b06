package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/report"
)

func (a *app) pipelinesCommand() *cobra.Command {
	var format, file string
	cmd := &cobra.Command{
		Use:   "pipelines",
		Short: "List the pipelines of the pipeline file with their last run and data freshness",
		Long: `List the pipelines of the pipeline file: source, target, mode, schedule and
next scheduled run, last run (status and counts), and the freshness of the
data (how long ago the last successful run finished). --format json prints
what GET /api/pipelines of loader serve answers.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := checkFormat(format, formatTable, formatJSON); err != nil {
				return err
			}
			sf, err := a.loadPipelines(file)
			if err != nil {
				return err
			}
			store, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			ps, err := report.Pipelines(cmd.Context(), store, sf, scheduleOf(sf, nextFromNow), store.Now())
			if err != nil {
				return err
			}
			if format == formatJSON {
				return a.printJSON(ps)
			}
			return a.printPipelines(ps)
		},
	}
	cmd.Flags().StringVar(&format, "format", formatTable, "output format: table or json")
	cmd.Flags().StringVar(&file, "file", "", "pipeline file (default $LOADER_PIPELINES, else "+defaultPipelines+")")
	return cmd
}

func (a *app) printPipelines(ps []report.Pipeline) error {
	t := newTable(a.stdout, "PIPELINE", "SOURCE", "TARGET", "MODE", "SCHEDULE", "NEXT RUN", "LAST RUN", "STATUS", "READ", "LOADED", "REJECTED", "FRESHNESS")
	for i := range ps {
		p := &ps[i]
		last := []string{"-", "never run", "", "", ""}
		if r := p.LastRun; r != nil {
			last = []string{strconv.FormatInt(r.ID, 10), r.Status, fmt.Sprint(r.RowsRead), fmt.Sprint(r.RowsLoaded), fmt.Sprint(r.RowsRejected)}
		}
		next := "-"
		if p.NextRun != nil {
			next = p.NextRun.Format(time.DateTime)
		}
		fresh := "never loaded"
		if p.FreshnessSeconds != nil {
			fresh = (time.Duration(*p.FreshnessSeconds) * time.Second).String() + " ago"
		}
		t.row(append(append([]string{p.Name, p.Source, p.Target, p.Mode, orDash(p.Schedule), next}, last...), fresh)...)
	}
	return t.flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (a *app) printTables(format string, tables []report.Table) error {
	if err := checkFormat(format, formatTable, formatJSON); err != nil {
		return err
	}
	if format == formatJSON {
		return a.printJSON(tables)
	}
	t := newTable(a.stdout, "TABLE", "MODEL", "ROWS", "LAST LOAD", "PIPELINES", "NULLS")
	for _, tb := range tables {
		last := "never"
		if tb.LastLoad != nil {
			last = tb.LastLoad.UTC().Format(time.DateTime)
		}
		var nulls []string
		for _, c := range tb.Columns {
			if c.Nulls > 0 {
				nulls = append(nulls, c.Name+"="+strconv.FormatInt(c.Nulls, 10))
			}
		}
		t.row(tb.Name, tb.Model, fmt.Sprint(tb.Rows), last, fmt.Sprint(tb.Pipelines), orDash(strings.Join(nulls, " ")))
	}
	return t.flush()
}
