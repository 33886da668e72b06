package source_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/warehouse-loader/loader/etl"
)

// got is one record as a test sees it.
type got struct {
	N, Line int64
	Raw     etl.Row
	Reject  string
}

// writeFile writes content to name in a fresh temporary directory.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// readN reads up to limit records (all if limit < 0) and returns them, the
// error that stopped reading (nil at io.EOF or limit), and the checkpoint.
func readN(t testing.TB, src etl.Source, limit int) ([]got, etl.Checkpoint, error) {
	t.Helper()
	ctx := context.Background()
	var out []got
	var rec etl.Record
	for limit < 0 || len(out) < limit {
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		switch {
		case errors.Is(err, io.EOF):
			return out, src.Checkpoint(), nil
		case errors.As(err, &rej):
			out = append(out, got{rec.N, rec.Line, append(etl.Row(nil), rec.Raw...), rej.Reason})
		case err != nil:
			return out, src.Checkpoint(), err
		default:
			out = append(out, got{rec.N, rec.Line, append(etl.Row(nil), rec.Raw...), ""})
		}
	}
	return out, src.Checkpoint(), nil
}

// open opens src from cp, failing the test on error.
func open(t testing.TB, src etl.Source, cp etl.Checkpoint) etl.Columns {
	t.Helper()
	cols, err := src.Open(context.Background(), cp)
	if err != nil {
		t.Fatalf("Open(%+v): %v", cp, err)
	}
	t.Cleanup(func() { src.Close() })
	return cols
}

// row builds an etl.Row; "<nil>" stands for NULL.
func row(vals ...any) etl.Row {
	r := make(etl.Row, len(vals))
	for i, v := range vals {
		if v != "<nil>" {
			r[i] = v
		}
	}
	return r
}

// itoa formats n in decimal.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }
