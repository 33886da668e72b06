// Command loader moves raw data (CSV/JSON files, database tables) into typed
// warehouse tables, versions the warehouse schema and reports on runs. It is
// the only place that reads flags, the environment and config files.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	_ "time/tzdata" // time zones for cast steps, even where the system has none
)

// version is set at build time (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	tuneGC(os.Getenv)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1 // the command failed
	exitUsage = 2 // bad flags or arguments
)

// run executes the command line args and returns the exit code. Errors are
// printed to stderr as one line.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) int {
	app := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv}
	root := app.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if app.cleanup != nil {
		app.cleanup()
	}
	return app.report(err)
}

// tuneGC trades a little memory for less garbage collection: a load's live
// heap is bounded by its batches (tens of MB), so the collector may let
// the heap grow to twice its live size (GOGC=200) under a soft 64 MiB
// limit. GOGC and GOMEMLIMIT in the environment take precedence.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}
