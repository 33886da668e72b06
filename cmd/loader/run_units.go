package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// maxWorkers bounds --workers: each worker holds warehouse connections
// (see workerConns).
const maxWorkers = 16

// workerConns sizes the warehouse connection pool for n workers: a worker
// holds up to 2 connections for the lock that says it is alive and 2 for
// the lock of the file it loads (MySQL takes a warehouse slot with each),
// and 2 for its transactions and reads.
func workerConns(n int) int { return 8 + 6*(n-1) }

// workerMemory is the soft memory limit of n workers (see tuneGC): 64 MiB,
// and 32 MiB more for each worker past the first, whose batches are its
// own; under one limit they would spend their time collecting garbage.
func workerMemory(n int) int64 { return int64(64+32*(n-1)) << 20 }

// printUnits prints what a run of many files did: a count per status,
// then each file loaded or failed (skipped ones only counted), in order.
func (a *app) printUnits(res etl.Result) {
	count := map[string]int{}
	for _, u := range res.Units {
		count[u.Status]++
	}
	line := fmt.Sprintf("files: %d loaded, %d skipped (loaded before, unchanged), %d failed",
		count[etl.UnitLoaded], count[etl.UnitSkipped], count[etl.UnitFailed])
	if n := count[""]; n > 0 {
		line += fmt.Sprintf(", %d not reached (the run stopped first)", n)
	}
	fmt.Fprintln(a.stdout, line)
	for _, u := range res.Units {
		switch u.Status {
		case etl.UnitLoaded:
			fmt.Fprintf(a.stdout, "  loaded  %s: %d read, %d loaded (run %d)\n", u.Name, u.Read, u.Loaded, u.RunID)
		case etl.UnitFailed:
			fmt.Fprintf(a.stdout, "  failed  %s: %s\n", u.Name, u.Error)
		}
	}
}

// joinIDs writes run ids as "3, 4, 5".
func joinIDs(ids []int64) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(out, ", ")
}
