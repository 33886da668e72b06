package repository

import (
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Cell is one exported value as text, written the same whatever the
// database: decimals exact (at the column's scale when it has one),
// timestamps RFC 3339 in UTC with microseconds, dates YYYY-MM-DD,
// booleans true or false.
type Cell struct {
	Text string
	// Null marks SQL NULL (Text is then empty).
	Null bool
	// Literal marks a number or boolean whose Text is also its JSON
	// spelling; other cells are JSON strings.
	Literal bool
}

// TimestampLayout is how an exported timestamp is written (always UTC).
const TimestampLayout = "2006-01-02T15:04:05.000000Z07:00"

// exportColumns describes the columns of a result: by the table's
// description t where it has the column, else by the database's type name.
func exportColumns(types []*sql.ColumnType, t Table) []ExportColumn {
	cols := make([]ExportColumn, len(types))
	for i, ct := range types {
		cols[i] = columnByType(ct)
		for _, c := range t.Columns {
			if c.Name == ct.Name() {
				cols[i] = ExportColumn{Name: c.Name, Kind: c.Kind, Known: true, Date: c.Date, Scale: -1}
				if c.Kind == KindDecimal && decimalSizeOK(c.Precision, c.Scale) {
					cols[i].Precision, cols[i].Scale = c.Precision, c.Scale
				}
			}
		}
	}
	return cols
}

// typeKinds maps the base type names databases report to kinds.
var typeKinds = map[string]Kind{
	"NUMERIC": KindDecimal, "DECIMAL": KindDecimal,
	"TIMESTAMP": KindTime, "TIMESTAMPTZ": KindTime, "DATETIME": KindTime, "DATE": KindTime,
	"BOOL": KindBool, "BOOLEAN": KindBool,
	"INT": KindInt, "INTEGER": KindInt, "BIGINT": KindInt, "SMALLINT": KindInt, "MEDIUMINT": KindInt, "TINYINT": KindInt,
	"INT2": KindInt, "INT4": KindInt, "INT8": KindInt,
	"FLOAT": KindFloat, "FLOAT4": KindFloat, "FLOAT8": KindFloat, "REAL": KindFloat, "DOUBLE": KindFloat,
	"TEXT": KindString, "VARCHAR": KindString, "CHAR": KindString, "BPCHAR": KindString,
}

// columnByType describes a column by the type the database names.
func columnByType(ct *sql.ColumnType) ExportColumn {
	name := strings.ToUpper(ct.DatabaseTypeName())
	if i := strings.IndexAny(name, "( "); i >= 0 {
		name = name[:i]
	}
	kind, known := typeKinds[name]
	c := ExportColumn{Name: ct.Name(), Kind: kind, Known: known, Date: name == "DATE", Scale: -1}
	if kind == KindDecimal {
		c.Precision, c.Scale = decimalSize(ct)
	}
	return c
}

// maxDecimalDigits is the most digits a decimal column declares
// (PostgreSQL's numeric(1000, s); MariaDB's decimal goes to 65).
const maxDecimalDigits = 1000

// decimalSizeOK reports whether p and s are the precision and scale of a
// declared numeric(p,s): a numeric of no declared size may be described
// otherwise (PostgreSQL's type modifier -1 reads as precision 65535).
func decimalSizeOK(p, s int) bool {
	return p >= 1 && p <= maxDecimalDigits && s >= 0 && s <= p
}

// decimalSize is the precision and scale of a decimal column, as the
// driver reports them or as its type name spells them (SQLite's
// "NUMERIC(12,2)"), or 0 and -1.
func decimalSize(ct *sql.ColumnType) (int, int) {
	if p, s, ok := ct.DecimalSize(); ok && decimalSizeOK(int(p), int(s)) {
		return int(p), int(s)
	}
	var p, s int
	name := strings.ToUpper(strings.ReplaceAll(ct.DatabaseTypeName(), " ", ""))
	for _, base := range []string{"NUMERIC", "DECIMAL"} {
		if n, _ := fmt.Sscanf(name, base+"(%d,%d)", &p, &s); n == 2 && decimalSizeOK(p, s) {
			return p, s
		}
	}
	return 0, -1
}

// cellOf writes v, a value of column c, as a Cell.
func cellOf(v any, c ExportColumn) Cell {
	switch x := v.(type) {
	case nil:
		return Cell{Null: true}
	case time.Time:
		if c.Date {
			return Cell{Text: x.UTC().Format(time.DateOnly)}
		}
		return Cell{Text: x.UTC().Format(TimestampLayout)}
	case bool:
		return Cell{Text: strconv.FormatBool(x), Literal: true}
	case int64:
		return intCell(x, c)
	case int32:
		return intCell(int64(x), c)
	case int:
		return intCell(int64(x), c)
	case float64:
		return floatCell(x, 64, c)
	case float32:
		return floatCell(float64(x), 32, c)
	case []byte:
		return textCell(string(x), c)
	case string:
		return textCell(x, c)
	default:
		return textCell(fmt.Sprint(x), c)
	}
}

func intCell(n int64, c ExportColumn) Cell {
	switch c.Kind {
	case KindBool:
		return Cell{Text: strconv.FormatBool(n != 0), Literal: true}
	case KindDecimal:
		return decimalCell(decimal.NewFromInt(n), c)
	}
	return Cell{Text: strconv.FormatInt(n, 10), Literal: true}
}

func floatCell(f float64, bits int, c ExportColumn) Cell {
	if c.Kind == KindDecimal && !math.IsNaN(f) && !math.IsInf(f, 0) {
		return decimalCell(decimal.NewFromFloat(f), c)
	}
	text := strconv.FormatFloat(f, 'g', -1, bits)
	return Cell{Text: text, Literal: !math.IsNaN(f) && !math.IsInf(f, 0)}
}

func decimalCell(d decimal.Decimal, c ExportColumn) Cell {
	if c.Scale >= 0 {
		return Cell{Text: d.StringFixed(int32(c.Scale))}
	}
	return Cell{Text: d.String()}
}

// textCell writes text the database gave for a value of column c.
func textCell(s string, c ExportColumn) Cell {
	switch c.Kind {
	case KindDecimal:
		if d, err := decimal.NewFromString(s); err == nil && c.Scale >= 0 {
			return decimalCell(d, c)
		}
	case KindInt:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return intCell(n, c)
		}
	case KindFloat:
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return floatCell(f, 64, c)
		}
	case KindBool:
		if b, err := strconv.ParseBool(s); err == nil {
			return Cell{Text: strconv.FormatBool(b), Literal: true}
		}
	}
	return Cell{Text: s}
}
