package parquetsource

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// cursorVersion starts every cursor this package writes.
const cursorVersion = "pq1"

// cursor is a resumable position: the row group and the row within it
// just after the last record, a hash of the columns read, and the file's
// fingerprint (its size and a hash of its footer).
type cursor struct {
	group, row int64
	cols       string
	sum        string
}

// String formats the cursor as "pq1:group:row:cols:size-footerhash".
func (c cursor) String() string {
	return cursorVersion + ":" + strconv.FormatInt(c.group, 10) + ":" + strconv.FormatInt(c.row, 10) + ":" + c.cols + ":" + c.sum
}

// parseCursor reads a checkpoint's cursor; the zero checkpoint gives the
// zero cursor.
func parseCursor(cp etl.Checkpoint) (cursor, error) {
	if cp.Cursor == "" {
		if cp.Records != 0 {
			return cursor{}, fmt.Errorf("%w: %d records but no cursor", source.ErrCursor, cp.Records)
		}
		return cursor{}, nil
	}
	parts := strings.Split(cp.Cursor, ":")
	if len(parts) != 5 || parts[0] != cursorVersion || cp.Records < 0 {
		return cursor{}, fmt.Errorf("%w %q: not a cursor of the parquet source", source.ErrCursor, cp.Cursor)
	}
	g, err1 := strconv.ParseInt(parts[1], 10, 64)
	r, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || g < 0 || r < 0 {
		return cursor{}, fmt.Errorf("%w %q", source.ErrCursor, cp.Cursor)
	}
	return cursor{group: g, row: r, cols: parts[3], sum: parts[4]}, nil
}

// columnsHash is a short hash of the column names, kept in cursors.
func columnsHash(names []string) string {
	h := fnv.New32a()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return fmt.Sprintf("%08x", h.Sum32())
}

// fits checks that the checkpoint at c, counting records records, fits
// the open file with fingerprint sum, columns cols and row groups whose
// row counts are rows: errors wrap etl.ErrSourceChanged when it was taken
// on another file (unless trust) or with other columns.
func fits(c cursor, records int64, sum, cols string, rows []int64, trust bool) error {
	taken := fmt.Sprintf("row %d of row group %d", c.row, c.group)
	switch {
	case c.cols != cols:
		return fmt.Errorf("%w: %w: the columns read differ from those of the checkpoint (%s)", etl.ErrSourceChanged, source.ErrHeader, taken)
	case !trust && c.sum != sum:
		return fmt.Errorf("%w: its size or footer (the file metadata) differ from those of the file the checkpoint (%s) was taken on: it was rewritten or is another file", etl.ErrSourceChanged, taken)
	case c.group > int64(len(rows)) || c.group == int64(len(rows)) && c.row > 0 || c.group < int64(len(rows)) && c.row > rows[c.group]:
		return fmt.Errorf("%w: the file has %d row groups, and the checkpoint is at %s", etl.ErrSourceChanged, len(rows), taken)
	}
	before := c.row
	for _, n := range rows[:c.group] {
		before += n
	}
	if before != records {
		return fmt.Errorf("%w: the checkpoint (%s) counts %d records, but %d rows come before it", source.ErrCursor, taken, records, before)
	}
	return nil
}
