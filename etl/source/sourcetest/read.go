package sourcetest

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// Read is one record as a test sees it: its number, line and values, and
// the reason it was rejected ("" if it was not).
type Read struct {
	N, Line int64
	Raw     etl.Row
	Reject  string
}

// WriteFile writes content to name in a fresh temporary directory and
// returns its path.
func WriteFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// ReadN reads up to limit records (all if limit < 0) and returns them, the
// error that stopped reading (nil at io.EOF or limit), and the checkpoint.
func ReadN(t testing.TB, src etl.Source, limit int) ([]Read, etl.Checkpoint, error) {
	t.Helper()
	ctx := context.Background()
	var out []Read
	var rec etl.Record
	for limit < 0 || len(out) < limit {
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		switch {
		case errors.Is(err, io.EOF):
			return out, src.Checkpoint(), nil
		case errors.As(err, &rej):
			out = append(out, Read{rec.N, rec.Line, append(etl.Row(nil), rec.Raw...), rej.Reason})
		case err != nil:
			return out, src.Checkpoint(), err
		default:
			out = append(out, Read{rec.N, rec.Line, append(etl.Row(nil), rec.Raw...), ""})
		}
	}
	return out, src.Checkpoint(), nil
}

// Open opens src from cp, failing the test on error, and closes it when
// the test ends.
func Open(t testing.TB, src etl.Source, cp etl.Checkpoint) etl.Columns {
	t.Helper()
	cols, err := src.Open(context.Background(), cp)
	if err != nil {
		t.Fatalf("Open(%+v): %v", cp, err)
	}
	t.Cleanup(func() { _ = src.Close() })
	return cols
}

// Row builds an etl.Row; "<nil>" stands for NULL.
func Row(vals ...any) etl.Row {
	r := make(etl.Row, len(vals))
	for i, v := range vals {
		if v != "<nil>" {
			r[i] = v
		}
	}
	return r
}

// CheckRecords opens src from the start and checks its columns and the
// records it reads.
func CheckRecords(t testing.TB, src etl.Source, cols []string, want []Read) {
	t.Helper()
	got := Open(t, src, etl.Checkpoint{})
	if !reflect.DeepEqual(got.Names(), cols) {
		t.Errorf("columns = %q, want %q", got.Names(), cols)
	}
	recs, _, err := ReadN(t, src, -1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(recs, want) {
		t.Errorf("records:\n got %#v\nwant %#v", recs, want)
	}
}

// ReadAll opens src from the start and reads it to the end, and returns
// the records read and the error of Open or Next that stopped it (nil at
// io.EOF).
func ReadAll(t testing.TB, src etl.Source) ([]Read, error) {
	t.Helper()
	if _, err := src.Open(context.Background(), etl.Checkpoint{}); err != nil {
		return nil, err
	}
	defer func() { _ = src.Close() }()
	recs, _, err := ReadN(t, src, -1)
	return recs, err
}
