// Package infer infers column names and types from sample values given
// as text: the table a sample file needs (loader scaffold). Every kind,
// layout and unit it returns is one the cast step reads (see Column.Cast):
// each value of the sample loads without a reject.
//
// The rules, in short:
//   - Identifier-like values stay text, and so does their whole column:
//     leading zeros (00501), phone numbers, codes mixing letters and
//     digits, integers of more than 18 digits (except epoch nanoseconds).
//   - Digits with a point are exact decimals; a precision above 38 digits
//     stays text, so that no digit is lost. Exponent notation is float;
//     Inf is text, and so is NaN unless it marks a missing value (below).
//     Thousands separators are text (no locale guessing).
//   - true/false, yes/no, t/f, y/n are boolean (with 0 and 1 among them);
//     0 and 1 alone are integers.
//   - Dates and timestamps in ISO 8601 and common layouts take the first
//     layout that reads every value: month-first when the sample cannot
//     tell (01/02/2006).
//   - Numbers are epoch seconds, milliseconds, microseconds or
//     nanoseconds only when the column's name speaks of time and every
//     value lies in a plausible range (about 1973 to 2096); a fraction is
//     allowed down to the nanosecond (1700000000.5 seconds).
//   - Values that disagree take the most general kind that reads them all
//     (integer, decimal, float); anything else is text.
//   - The missing-value tokens NA, N/A, NULL, null, None, NaN, nan and
//     #N/A (pandas' common defaults; not "-") are NULL in a column whose
//     other values are of one non-text kind (Column.NullValues); alone or
//     among text they are text.
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
	Nullable  bool   // some sampled record had no value (missing, empty, JSON null or a NullValues token)
	MaxLen    int    // Text: longest value in bytes (informational)
	Values    int    // non-null values seen
	// NullValues are the missing-value tokens (NA, N/A, NULL, null, None,
	// NaN, nan, #N/A) the column held, sorted: they mean NULL, and a
	// nullif step must clear them before the cast. Empty for text columns,
	// which keep them as text.
	NullValues []string
}
