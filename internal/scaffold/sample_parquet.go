package scaffold

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/infer"
	"github.com/warehouse-loader/loader/etl/infer/parquetinfer"
)

// parquetMagic starts every Parquet file.
const parquetMagic = "PAR1"

// isParquet reports whether the file at path starts with Parquet's magic.
func isParquet(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer func() { _ = f.Close() }()
	head := make([]byte, len(parquetMagic))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == parquetMagic
}

// sampleParquet takes the columns from the Parquet file's schema, then
// reads the --key columns of its first n rows: a key whose values repeat
// is refused, and an OPTIONAL key column (pyarrow writes every column so)
// is a key when none of those rows lacks a value. A file without rows
// has columns all the same.
func sampleParquet(ctx context.Context, path string, n int, keys []string) (Sample, error) {
	cols, err := parquetinfer.Columns(ctx, path)
	if err != nil {
		return Sample{}, err
	}
	out := Sample{Columns: cols, Typed: true}
	idx := keyColumns(cols, keys)
	if len(idx) == 0 {
		return out, nil
	}
	nulls, err := readKeys(ctx, path, n, cols, idx, &out)
	if err != nil {
		return Sample{}, err
	}
	for j, i := range idx {
		out.Columns[i].Nullable = nulls[j]
	}
	return out, nil
}

// keyColumns returns the positions of the keys, by source or column name,
// in cols; nil when one is not a column (fieldsOf says which).
func keyColumns(cols []infer.Column, keys []string) []int {
	var idx []int
	for _, k := range keys {
		i := slices.IndexFunc(cols, func(c infer.Column) bool { return c.Source == k || c.Name == k })
		if i < 0 {
			return nil
		}
		idx = append(idx, i)
	}
	return idx
}

// readKeys reads the key columns idx of the first n rows with the parquet
// source, noting in out the rows read, those rejected and the first key
// value that repeats. It returns, per key, whether a row lacked a value.
func readKeys(ctx context.Context, path string, n int, cols []infer.Column, idx []int, out *Sample) ([]bool, error) {
	sources := make([]string, len(idx))
	kt := &keyTracker{seen: map[string]int{}}
	for j, i := range idx {
		sources[j] = cols[i].Source
		kt.idx = append(kt.idx, j)
	}
	src, closeFn, err := openSource(ctx, formatParquet, path, sources)
	if err != nil {
		return nil, err
	}
	defer closeFn()
	defer func() { _ = src.Close() }()
	if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	nulls := make([]bool, len(idx))
	values := make([]*string, len(idx))
	var rec etl.Record
	for out.Records < n {
		err := src.Next(ctx, &rec)
		var rej *etl.RejectError
		switch {
		case errors.Is(err, io.EOF):
			return nulls, nil
		case errors.As(err, &rej):
			out.Rejected++
			continue
		case err != nil:
			return nil, fmt.Errorf("reading %s: %w", path, err)
		}
		out.Records++
		texts(rec.Raw, values)
		for j, v := range values {
			nulls[j] = nulls[j] || v == nil
		}
		kt.add(values, out.Records, out)
	}
	return nulls, nil
}
