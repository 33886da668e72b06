package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// result is what one in-process invocation of the CLI produced.
type result struct {
	code           int
	stdout, stderr string
}

// loader runs the CLI in-process with env as its whole environment.
func loader(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errOut, func(k string) string { return env[k] })
	return result{code, out.String(), errOut.String()}
}

// mustLoader is loader that fails the test on a non-zero exit.
func mustLoader(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	r := loader(t, env, args...)
	if r.code != 0 {
		t.Fatalf("loader %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// errLine returns the error line the CLI printed, failing the test unless
// there is exactly one.
func errLine(t *testing.T, r result) string {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
		if strings.HasPrefix(l, "loader: ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 {
		t.Fatalf("want one error line, got %q", r.stderr)
	}
	return lines[0]
}
