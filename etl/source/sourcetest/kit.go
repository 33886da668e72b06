// Package sourcetest is the test kit every source kind runs: Run checks
// what the runner relies on of any etl.Source (resuming from a checkpoint,
// identity, cancellation, bad input), over inputs the kind describes in a
// Kind. Its helpers (ReadN, Open, WriteFile, Row, Survive) serve a kind's
// own tests and fuzz targets.
//
// A kind's test runs it like this:
//
//	func TestKit(t *testing.T) { sourcetest.Run(t, kind) }
package sourcetest

import (
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// New makes a fresh source over one input; every call reads the same one.
type New func() (etl.Source, error)

// Kind describes a source kind to the kit.
type Kind struct {
	// Input puts content where a source of the kind reads it (a file, a
	// body an HTTP server serves, a topic) and returns how to make sources
	// over it.
	Input func(t *testing.T, content string) New
	// Records returns content holding n well-formed records (n ≥ 300).
	Records func(n int) string
	// Edit returns content changed in its first record: not the input a
	// checkpoint taken on content was taken on.
	Edit func(content string) string
	// Resumable are contents of at least 3 records each that resuming must
	// get right: rejects, records over several lines, blank lines, the
	// kind's layouts. Records(5) is tried too.
	Resumable []string
	// Bad are broken contents: reading them gives one-line errors or
	// rejects, and never panics.
	Bad []string
	// SharedLines tells that several records may share a line (a JSON
	// array on one line): lines then only never go back.
	SharedLines bool
}

// Run runs the kit's tests on kind k, each as a subtest.
func Run(t *testing.T, k Kind) {
	t.Helper()
	t.Run("Resume", func(t *testing.T) { testResume(t, k) })
	t.Run("Identity", func(t *testing.T) { testIdentity(t, k) })
	t.Run("Cancel", func(t *testing.T) { testCancel(t, k) })
	t.Run("BadInput", func(t *testing.T) { testBadInput(t, k) })
}

// fresh returns a new source from newSrc, failing the test on error.
func fresh(t testing.TB, newSrc New) etl.Source {
	t.Helper()
	src, err := newSrc()
	if err != nil {
		t.Fatal(err)
	}
	return src
}
