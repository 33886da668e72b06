package parquetsource

import (
	"fmt"

	"github.com/parquet-go/parquet-go"
)

// rowReader reads the rows of one row group, batchRows at a time, into a
// buffer it reuses: the values it holds are valid until the next fill.
type rowReader struct {
	rows   parquet.Rows // nil: no row group open
	buf    []parquet.Row
	at, n  int   // the next row of buf, and the rows it holds
	starts []int // of the current row: where each leaf column's values start
}

// open starts reading group at row.
func (r *rowReader) open(group parquet.RowGroup, row int64) error {
	r.close()
	r.rows = group.Rows()
	if r.buf == nil {
		r.buf = make([]parquet.Row, batchRows)
	}
	if row > 0 {
		if err := r.rows.SeekToRow(row); err != nil {
			return err
		}
	}
	return nil
}

// next returns the next row of the open row group, or io.EOF at its end.
func (r *rowReader) next() (parquet.Row, error) {
	if r.at == r.n {
		n, err := r.rows.ReadRows(r.buf)
		r.at, r.n = 0, n
		if n == 0 {
			if err == nil {
				err = fmt.Errorf("no rows read before the end of the row group")
			}
			return nil, err
		}
	}
	row := r.buf[r.at]
	r.at++
	return row, nil
}

// index sets starts to the offsets in row of the values of each of the
// leaves leaf columns (starts[leaves] is len(row)).
func (r *rowReader) index(row parquet.Row, leaves int) error {
	r.starts = r.starts[:0]
	for i, v := range row {
		if c := v.Column(); c == len(r.starts) {
			r.starts = append(r.starts, i)
		} else if c != len(r.starts)-1 {
			return fmt.Errorf("value %d of the row is of column %d, after column %d", i, c, len(r.starts)-1)
		}
	}
	if len(r.starts) != leaves {
		return fmt.Errorf("the row has values of %d columns, not %d", len(r.starts), leaves)
	}
	r.starts = append(r.starts, len(row))
	return nil
}

// close closes the open row group, if any.
func (r *rowReader) close() {
	if r.rows != nil {
		_ = r.rows.Close()
	}
	r.rows, r.at, r.n = nil, 0, 0
}
