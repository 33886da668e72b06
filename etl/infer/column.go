// Package infer infers column names and types from sample values given
// as text: the table a sample file needs (loader scaffold). Every kind,
// layout and unit it returns is one the cast step reads (see Column.Cast):
// a value the sample held loads without a reject.
//
// The rules, in short: identifier-like values (leading zeros, phone
// numbers, codes, integers of more than 18 digits) stay text; numbers with
// a point are exact decimals (a precision above 38 digits stays text, so
// no digit is lost); exponent notation is float; NaN and Inf are text;
// thousands separators are text (no locale guessing); true/false, yes/no,
// t/f and y/n are boolean, 0 and 1 alone are integers; dates and
// timestamps are recognised in ISO 8601 and common layouts, month-first
// when a sample is ambiguous; integers are epoch seconds or milliseconds
// only when the column's name speaks of time and every value is in a
// plausible range. A column whose values disagree takes the most general
// kind that reads them all (integer, decimal, float), or text.
package infer

// Kind is the type a column is inferred to have.
type Kind string

// The kinds a column may have.
const (
	Integer   Kind = "integer"
	Decimal   Kind = "decimal"   // exact: Precision, Scale
	Float     Kind = "float"     // binary floating point
	Boolean   Kind = "boolean"   // true/false, yes/no, t/f, y/n
	Date      Kind = "date"      // Layout ("" = ISO 8601 2006-01-02)
	Timestamp Kind = "timestamp" // Layout ("" = ISO 8601 / RFC 3339 shapes) or Unit
	Text      Kind = "text"
)

// Column is what the sample says about one source field.
type Column struct {
	Source    string // the name in the file, as written
	Name      string // snake_case column name (unique within the table)
	Kind      Kind
	Precision int    // Decimal: total digits; Integer: 0
	Scale     int    // Decimal: digits after the point
	Bits      int    // Integer: 32 when every value fits int32, else 64
	Layout    string // Date/Timestamp given as text: the Go layout a cast step needs ("" = ISO 8601)
	Unit      string // Timestamp given as epoch numbers: "s", "ms", "us" or "ns"
	Nullable  bool   // some sampled record had no value (missing, empty or JSON null)
	MaxLen    int    // Text: longest value in bytes (informational)
	Values    int    // non-null values seen
}
