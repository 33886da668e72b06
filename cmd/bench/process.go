package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// measurement is one timed process.
type measurement struct {
	seconds   float64
	maxRSSKiB int64 // peak resident set size of the process
}

// quietOK names the commands that print nothing when they succeed.
var quietOK = map[string]bool{"sqlite3": true}

// command runs name with args, timing it from start to exit, and returns its
// peak RSS from the kernel's rusage. Output is kept for the error message.
func command(ctx context.Context, name string, args ...string) (measurement, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // G204: the loader, psql and sqlite3, with arguments the benchmark builds
	cmd.Stdout = &out
	cmd.Stderr = &out
	// On Ctrl-C, let the loader stop cleanly (it rolls back its batch and
	// marks the run cancelled) before it is killed.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	start := time.Now()
	err := cmd.Run()
	elapsed := time.Since(start)
	if err == nil && quietOK[name] && out.Len() > 0 {
		err = errors.New("unexpected output") // .import reports bad rows and goes on
	}
	if err != nil {
		return measurement{}, fmt.Errorf("%s: %w\n%s", commandLine(name, args), err, tail(out.String(), 20))
	}
	m := measurement{seconds: elapsed.Seconds()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		m.maxRSSKiB = ru.Maxrss // KiB on Linux
	}
	return m, nil
}

// commandLine quotes a command for a message, with passwords redacted.
func commandLine(name string, args []string) string {
	parts := make([]string, 0, 1+len(args))
	parts = append(parts, name)
	for _, a := range args {
		if strings.Contains(a, "://") {
			a = dburl.Redact(a)
		}
		if strings.ContainsAny(a, " \"'\\") || a == "" {
			a = fmt.Sprintf("%q", a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// loader runs the loader binary against database with args.
func (b *bench) loader(ctx context.Context, database string, args ...string) (measurement, error) {
	return command(ctx, b.cfg.loader, append([]string{"--database", database}, args...)...)
}

// runPipeline runs a pipeline of the bench file on input (if set), with
// extra arguments after the others. The
// loader's pipeline lock is per PostgreSQL database, not per schema, so a
// run of a pipeline of the same name elsewhere on the server makes it fail
// at once: it is tried again, untimed, for up to lockWait.
func (b *bench) runPipeline(ctx context.Context, database, pipeline, input string, extra ...string) (measurement, error) {
	args := []string{"run", pipeline, "--file", b.cfg.pipelines}
	if input != "" {
		args = append(args, "--input", input)
	}
	args = append(args, extra...)
	deadline := time.Now().Add(lockWait)
	for {
		m, err := b.loader(ctx, database, args...)
		if err == nil || !strings.Contains(err.Error(), lockedMessage) || time.Now().After(deadline) {
			return m, err
		}
		fmt.Fprintf(b.log, "%s is running elsewhere on this server; trying again\n", pipeline)
		select {
		case <-ctx.Done():
			return m, ctx.Err()
		case <-time.After(2 * time.Second):
		}
	}
}

const (
	lockWait      = 10 * time.Minute
	lockedMessage = "pipeline is already running"
)

// psql runs one psql command (a SQL statement or a backslash command)
// against the loader_bench schema.
func (b *bench) psql(ctx context.Context, c string) (measurement, error) {
	return command(ctx, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", b.pg.psqlURL, "-c", c)
}
