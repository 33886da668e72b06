package postgres

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/shopspring/decimal"
)

// encodeFunc appends the binary COPY form of a non-NULL value.
type encodeFunc func(buf []byte, v any) ([]byte, error)

// copyRows streams rows to COPY … FROM STDIN (FORMAT binary) on conn,
// encoding each column with a function chosen once from the column's type
// in the database: no reflection and no lookups per value. Types it has no
// encoder for go through pgx's own codecs.
func copyRows(ctx context.Context, conn *pgx.Conn, types *typeCache, table string, cols []string, rows [][]any) (int64, error) {
	encs, err := types.encoders(ctx, conn, table, cols)
	if err != nil {
		return 0, err
	}
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(writeCopy(pw, encs, rows)) }()
	q := fmt.Sprintf("COPY %s (%s) FROM STDIN (FORMAT binary)", quoteIdent(table), quoteList(cols))
	tag, err := conn.PgConn().CopyFrom(ctx, pr, q)
	_ = pr.CloseWithError(io.ErrClosedPipe) // stops the writer if COPY ended early
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

var copySignature = []byte("PGCOPY\n\xff\r\n\x00\x00\x00\x00\x00\x00\x00\x00\x00")

func writeCopy(w io.Writer, encs []encodeFunc, rows [][]any) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	buf := append(make([]byte, 0, 1024), copySignature...)
	for _, r := range rows {
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(encs)))
		for i, enc := range encs {
			var err error
			if buf, err = appendField(buf, enc, r[i]); err != nil {
				return err
			}
		}
		if _, err := bw.Write(buf); err != nil {
			return err
		}
		buf = buf[:0]
	}
	buf = binary.BigEndian.AppendUint16(buf, 0xFFFF) // trailer
	if _, err := bw.Write(buf); err != nil {
		return err
	}
	return bw.Flush()
}

// appendField appends a length-prefixed field (-1 for NULL).
func appendField(buf []byte, enc encodeFunc, v any) ([]byte, error) {
	if v == nil {
		return binary.BigEndian.AppendUint32(buf, math.MaxUint32), nil
	}
	at := len(buf)
	buf = append(buf, 0, 0, 0, 0)
	buf, err := enc(buf, v)
	if err != nil {
		return buf, err
	}
	binary.BigEndian.PutUint32(buf[at:], uint32(len(buf)-at-4))
	return buf, nil
}

// typeCache remembers the column type OIDs of the tables COPY writes, read
// once per table from the catalogue. A table's column types change only
// with a migration, which no load runs alongside.
type typeCache struct {
	mu   sync.Mutex
	oids map[string]map[string]uint32
}

// encoders picks an encoder per column from its type OID.
func (tc *typeCache) encoders(ctx context.Context, conn *pgx.Conn, table string, cols []string) ([]encodeFunc, error) {
	oids, err := tc.columnTypes(ctx, conn, table)
	if err != nil {
		return nil, err
	}
	encs := make([]encodeFunc, len(cols))
	for i, c := range cols {
		oid, ok := oids[c]
		if !ok {
			return nil, fmt.Errorf("COPY into %s: no column %q", table, c)
		}
		encs[i] = encoderFor(conn.TypeMap(), oid, c)
	}
	return encs, nil
}

func (tc *typeCache) columnTypes(ctx context.Context, conn *pgx.Conn, table string) (map[string]uint32, error) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if oids, ok := tc.oids[table]; ok {
		return oids, nil
	}
	rows, err := conn.Query(ctx, `SELECT attname, atttypid FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, quoteIdent(table))
	if err != nil {
		return nil, fmt.Errorf("reading the column types of %s: %w", table, err)
	}
	oids := map[string]uint32{}
	for rows.Next() {
		var name string
		var oid uint32
		if err := rows.Scan(&name, &oid); err != nil {
			return nil, err
		}
		oids[name] = oid
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if tc.oids == nil {
		tc.oids = map[string]map[string]uint32{}
	}
	tc.oids[table] = oids
	return oids, nil
}

func encoderFor(m *pgtype.Map, oid uint32, col string) encodeFunc {
	switch oid {
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID:
		return encodeText
	case pgtype.Int4OID:
		return encodeInt(col, math.MinInt32, math.MaxInt32, 4)
	case pgtype.Int8OID:
		return encodeInt(col, math.MinInt64, math.MaxInt64, 8)
	case pgtype.Int2OID:
		return encodeInt(col, math.MinInt16, math.MaxInt16, 2)
	case pgtype.NumericOID:
		return encodeNumeric(m)
	case pgtype.TimestamptzOID, pgtype.TimestampOID:
		return encodeTimestamp
	case pgtype.DateOID:
		return encodeDate
	case pgtype.BoolOID:
		return encodeBool
	case pgtype.Float8OID:
		return encodeFloat8
	}
	return func(buf []byte, v any) ([]byte, error) { return m.Encode(oid, pgtype.BinaryFormatCode, v, buf) }
}

func encodeText(buf []byte, v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return buf, fmt.Errorf("COPY: %T value for a text column", v)
	}
	if strings.IndexByte(s, 0) >= 0 {
		return buf, fmt.Errorf("COPY: text %q contains a NUL byte, which PostgreSQL text cannot hold", s)
	}
	return append(buf, s...), nil
}

func encodeInt(col string, lo, hi int64, size int) encodeFunc {
	return func(buf []byte, v any) ([]byte, error) {
		var n int64
		switch x := v.(type) {
		case int64:
			n = x
		case int32:
			n = int64(x)
		case int:
			n = int64(x)
		default:
			return buf, fmt.Errorf("COPY: %T value for integer column %s", v, col)
		}
		if n < lo || n > hi {
			return buf, fmt.Errorf("COPY: %d is out of range for column %s", n, col)
		}
		switch size {
		case 2:
			return binary.BigEndian.AppendUint16(buf, uint16(n)), nil
		case 4:
			return binary.BigEndian.AppendUint32(buf, uint32(n)), nil
		}
		return binary.BigEndian.AppendUint64(buf, uint64(n)), nil
	}
}

func encodeNumeric(m *pgtype.Map) encodeFunc {
	return func(buf []byte, v any) ([]byte, error) {
		d, ok := v.(decimal.Decimal)
		if !ok {
			return m.Encode(pgtype.NumericOID, pgtype.BinaryFormatCode, v, buf)
		}
		if fv, ok := copyValue(d).(fastNumeric); ok {
			return fastNumericPlan{}.Encode(fv, buf)
		}
		return m.Encode(pgtype.NumericOID, pgtype.BinaryFormatCode, copyValue(d), buf)
	}
}

// pgEpoch is PostgreSQL's zero time: timestamps are microseconds from it.
var pgEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func encodeTimestamp(buf []byte, v any) ([]byte, error) {
	t, ok := v.(time.Time)
	if !ok {
		return buf, fmt.Errorf("COPY: %T value for a timestamp column", v)
	}
	us := t.Unix()*1_000_000 + int64(t.Nanosecond())/1000 - pgEpoch.Unix()*1_000_000
	return binary.BigEndian.AppendUint64(buf, uint64(us)), nil
}

// encodeDate writes the time's UTC calendar date, days from pgEpoch (as
// the other drivers store a date column; pgx's codec would take the date
// in the time's own zone).
func encodeDate(buf []byte, v any) ([]byte, error) {
	t, ok := v.(time.Time)
	if !ok {
		return buf, fmt.Errorf("COPY: %T value for a date column", v)
	}
	y, m, d := t.UTC().Date()
	days := (time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() - pgEpoch.Unix()) / 86400
	return binary.BigEndian.AppendUint32(buf, uint32(int32(days))), nil
}

func encodeBool(buf []byte, v any) ([]byte, error) {
	b, ok := v.(bool)
	if !ok {
		return buf, fmt.Errorf("COPY: %T value for a boolean column", v)
	}
	if b {
		return append(buf, 1), nil
	}
	return append(buf, 0), nil
}

func encodeFloat8(buf []byte, v any) ([]byte, error) {
	f, ok := v.(float64)
	if !ok {
		return buf, fmt.Errorf("COPY: %T value for a float column", v)
	}
	return binary.BigEndian.AppendUint64(buf, math.Float64bits(f)), nil
}
