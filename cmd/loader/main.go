// Command loader moves raw data (CSV/JSON files, database tables, HTTP
// APIs) into typed warehouse tables, versions the warehouse schema and
// reports on runs. It is the only place that reads flags, the environment
// and config files.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"
	_ "time/tzdata" // time zones for cast steps, even where the system has none
)

// version is set at build time (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	tuneGC(os.Getenv)
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go onSignals(sigs, cancel, os.Stderr, os.Exit, stopGrace)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	signal.Stop(sigs)
	os.Exit(code)
}

// stopGrace is how long a command may take to stop after SIGINT or
// SIGTERM. A stop takes milliseconds when the database answers. When it
// does not, the cleanup is bounded (recording the end of the run gives up
// after 5 s, giving back each lock after 2 s): the grace lets that finish
// and report what it could not do; a second signal does not wait.
const stopGrace = 15 * time.Second

// onSignals cancels the command on the first signal. A second signal, or
// grace passing without the command ending, exits at once with exitError:
// what the warehouse committed stays consistent, the run's row may show it
// running until the next run of its pipeline marks it failed.
func onSignals(sigs <-chan os.Signal, cancel context.CancelFunc, stderr io.Writer, exit func(int), grace time.Duration) {
	<-sigs
	cancel()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case sig := <-sigs:
		name := "SIGINT"
		if sig == syscall.SIGTERM {
			name = "SIGTERM"
		}
		fmt.Fprintf(stderr, "loader: %s again: stopping now, without waiting for the command to finish\n", name)
	case <-timer.C:
		fmt.Fprintf(stderr, "loader: still not stopped %s after the signal (is the database answering?): stopping now\n", grace)
	}
	exit(exitError)
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
