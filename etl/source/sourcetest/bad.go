package sourcetest

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// testBadInput reads every bad content with Survive.
func testBadInput(t *testing.T, k Kind) {
	for i, content := range k.Bad {
		src, err := k.Input(t, content)()
		if err != nil {
			checkOneLine(t, "new source", err)
			continue
		}
		if !Survive(t, src, k.SharedLines) {
			t.Errorf("bad content %d read without an error or a reject: %q", i, content)
		}
	}
}

// Survive reads src to the end, as a fuzz target does, and checks that
// Open fails only with source.ErrHeader, ErrMalformed or ErrEncoding;
// that Next returns records, rejects, io.EOF or ErrMalformed, every error
// and reject reason on one line; that N counts from 1 and lines never go
// back (and grow unless sharedLines); and that resuming from the last
// checkpoint reads nothing. It reports whether anything was wrong with
// the input (an error or a reject).
func Survive(t testing.TB, src etl.Source, sharedLines bool) bool {
	t.Helper()
	ctx := context.Background()
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		if !errors.Is(err, source.ErrHeader) && !errors.Is(err, source.ErrMalformed) && !errors.Is(err, source.ErrEncoding) {
			t.Fatalf("Open: %v", err)
		}
		checkOneLine(t, "Open", err)
		return true
	}
	defer func() { _ = src.Close() }()
	var rec etl.Record
	var rej *etl.RejectError
	bad := false
	for n, line := int64(1), int64(0); ; n++ { // line 0: a source without lines (an API)
		err := src.Next(ctx, &rec)
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, source.ErrMalformed) {
			checkOneLine(t, "Next", err)
			return true
		}
		if err != nil && !errors.As(err, &rej) {
			t.Fatalf("Next: %v", err)
		}
		if err != nil {
			checkOneLine(t, "reject", err)
			bad = true
		}
		if rec.N != n || rec.Line < line || (!sharedLines && n > 1 && rec.Line == line) {
			t.Fatalf("record N %d line %d after line %d, want N %d", rec.N, rec.Line, line, n)
		}
		line = rec.Line
	}
	resumesAtEnd(t, src)
	return bad
}

// resumesAtEnd checks that resuming from src's checkpoint, at its end,
// reads no record.
func resumesAtEnd(t testing.TB, src etl.Source) {
	t.Helper()
	cp := src.Checkpoint()
	if _, err := src.Open(context.Background(), cp); err != nil {
		t.Fatalf("Open(%+v): %v", cp, err)
	}
	var rec etl.Record
	if err := src.Next(context.Background(), &rec); !errors.Is(err, io.EOF) {
		t.Fatalf("after resuming at the end: %v, record %+v", err, rec)
	}
}

// checkOneLine fails the test when err's message is empty or has a
// line break.
func checkOneLine(t testing.TB, what string, err error) {
	t.Helper()
	if msg := err.Error(); msg == "" || strings.ContainsAny(msg, "\r\n") {
		t.Errorf("%s: error %q is not one line", what, msg)
	}
}

// CheckMalformed checks that err is a *source.MalformedError for path,
// line and cause, reading "path line L: cause" (with " (byte B)" after
// the line when the offset is known).
func CheckMalformed(t testing.TB, err error, path string, line int64, cause string) {
	t.Helper()
	var me *source.MalformedError
	if !errors.Is(err, source.ErrMalformed) || !errors.As(err, &me) {
		t.Fatalf("err = %v, want a MalformedError", err)
	}
	at := ""
	if me.Offset > 0 {
		at = " (byte " + strconv.FormatInt(me.Offset, 10) + ")"
	}
	if want := path + " line " + strconv.FormatInt(line, 10) + at + ": " + cause; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	if me.Line != line {
		t.Errorf("line = %d, want %d", me.Line, line)
	}
}
