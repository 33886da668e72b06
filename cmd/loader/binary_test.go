package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The real loader binary, built once per test process by loaderBinary.
var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// TestMain removes the binary loaderBinary built, if any.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// loaderBinary builds the loader with `go build` into a temporary folder
// the first time it is called, and returns the binary's path. Tests that
// kill or signal the loader need a process of its own.
func loaderBinary(t testing.TB) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "loader-bin-")
		if binErr != nil {
			return
		}
		path := filepath.Join(binDir, "loader")
		out, err := exec.Command("go", "build", "-o", path, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		binPath = path
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// proc is a loader process started by a test.
type proc struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	done           chan struct{} // closed when the process has been waited for
}

// startLoader starts the binary with args. The process inherits the test's
// environment (PG* variables, PATH) without its LOADER_* variables, and
// gets env on top.
func startLoader(t testing.TB, bin string, env map[string]string, args ...string) *proc {
	t.Helper()
	p := &proc{cmd: exec.Command(bin, args...), done: make(chan struct{})}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LOADER_") {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	for k, v := range env {
		p.cmd.Env = append(p.cmd.Env, k+"="+v)
	}
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("starting loader %s: %v", strings.Join(args, " "), err)
	}
	go func() {
		_ = p.cmd.Wait() // the outcome is in cmd.ProcessState
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// wait waits for the process to end and returns what it did; code is -1
// when a signal ended it.
func (p *proc) wait() result {
	<-p.done
	return result{p.cmd.ProcessState.ExitCode(), p.stdout.String(), p.stderr.String()}
}

// mustRun runs the binary to the end and fails the test on a non-zero exit.
func mustRun(t testing.TB, bin string, env map[string]string, args ...string) result {
	t.Helper()
	r := startLoader(t, bin, env, args...).wait()
	if r.code != 0 {
		t.Fatalf("loader %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}
