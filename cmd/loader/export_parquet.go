package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/repository"
)

// formatParquet is the export format of one Parquet file.
const formatParquet = "parquet"

// A row group ends after parquetGroupRows rows, or once its values take
// parquetGroupBytes bytes as text, whichever comes first: the writer
// holds one row group's pages (encoded and compressed) at most, whatever
// the table's size.
const (
	parquetGroupRows  = 128 << 10
	parquetGroupBytes = 64 << 20
)

// parquetBatch is how many rows are handed to parquet-go at once.
const parquetBatch = 128

// parquetWriter writes rows to one Parquet file with parquet-go's row
// API, SNAPPY-compressed, cutting row groups by rows and bytes (maxRows,
// maxBytes). Every column is OPTIONAL: NULL stays NULL.
type parquetWriter struct {
	out               io.Writer
	w                 *parquet.GenericWriter[any]
	cols              []parquetColumn
	maxRows, maxBytes int64
	rows, bytes       int64 // in the current row group
	n                 int64 // rows so far, for messages
	batch             []parquet.Row
}

func newParquetWriter(out io.Writer) *parquetWriter {
	return &parquetWriter{out: out, maxRows: parquetGroupRows, maxBytes: parquetGroupBytes}
}

func (p *parquetWriter) head(cols []repository.ExportColumn) error {
	if len(cols) == 0 {
		return errors.New("the result has no columns, which a Parquet file cannot hold: select at least one column")
	}
	if err := distinctNames(cols, "one Parquet file"); err != nil {
		return err
	}
	p.cols = make([]parquetColumn, len(cols))
	for i, c := range cols {
		p.cols[i] = parquetColumnOf(c)
	}
	p.w = parquet.NewGenericWriter[any](p.out, parquetSchema(p.cols),
		parquet.Compression(&parquet.Snappy), parquet.CreatedBy("warehouse-loader", version, ""))
	return nil
}

func (p *parquetWriter) row(cells []repository.Cell) error {
	p.n++
	r := p.next()
	for i, cell := range cells {
		if cell.Null {
			r = append(r, parquet.NullValue().Level(0, 0, i))
			continue
		}
		v, err := p.cols[i].value(cell.Text)
		if err != nil {
			return p.valueError(i, cell.Text, err)
		}
		r = append(r, v.Level(0, 1, i))
		p.bytes += int64(len(cell.Text))
	}
	p.batch[len(p.batch)-1] = r
	if p.rows++; p.rows >= p.maxRows || p.bytes >= p.maxBytes {
		return p.endGroup()
	}
	if len(p.batch) == parquetBatch {
		return p.write()
	}
	return nil
}

// next adds a row to the batch and returns it emptied, reusing the
// values of the row once at its place.
func (p *parquetWriter) next() parquet.Row {
	n := len(p.batch)
	if n < cap(p.batch) {
		p.batch = p.batch[:n+1]
	} else {
		p.batch = append(p.batch, nil)
	}
	return p.batch[n][:0]
}

// write hands the batch to parquet-go, which copies its values.
func (p *parquetWriter) write() error {
	_, err := p.w.WriteRows(p.batch)
	p.batch = p.batch[:0]
	return err
}

// endGroup writes the batch and ends the row group.
func (p *parquetWriter) endGroup() error {
	if err := p.write(); err != nil {
		return err
	}
	p.rows, p.bytes = 0, 0
	return p.w.Flush()
}

// flush writes the last rows and the file's footer.
func (p *parquetWriter) flush() error {
	if p.w == nil {
		return errors.New("no columns were written")
	}
	if err := p.write(); err != nil {
		return err
	}
	return p.w.Close()
}

// valueError says which value of row p.n cannot be written, and what to
// do.
func (p *parquetWriter) valueError(col int, text string, err error) error {
	if r := []rune(text); len(r) > 40 {
		text = string(r[:40]) + "…"
	}
	c := p.cols[col]
	return fmt.Errorf("row %d, column %s: %q is %v, which its Parquet column (%s) cannot hold: fix the value, or export the column as text (CAST it in a --query) or as --format csv",
		p.n, c.name, text, err, c.node.Type())
}
