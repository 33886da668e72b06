// Package value holds every rule that turns text into a typed value, and
// the limits a typed value must meet to be stored the same way on every
// database. The cast step (etl/transform) and the final conversion to the
// target column (etl) both call it, so a text value loads as the same
// value, or is rejected with the same reason, whether or not the pipeline
// casts it first. A cast knows no column: it checks the widest column of
// its kind (bigint, plain numeric, double precision), and the column
// checks its own limits after it.
//
// Every kind first trims white space around the text (strings.TrimSpace).
// A refusal is an *Error whose Reason follows "column <name>: " in a
// reject, and which wraps ErrSyntax (not written as the kind is) or
// ErrRange (written well, but not held).
//
//	kind      accepts                                 refuses (reason)
//	--------  --------------------------------------  ------------------------------------------------
//	bool      true t yes y 1 / false f no n 0, any     other words: "x" is not a valid bool; expected
//	          case (a cast may name other words)       true (…) or false (…)
//	integer   strconv.ParseInt(s, 10, 64): optional    "1.5", "1e3", "1,000", "1_000", "0x10": "x" is not
//	          + or -, ASCII digits                     a valid integer; outside the range: 3000000000 is
//	                                                   outside the range the column holds, lo to hi
//	decimal   optional + or -, digits with at most     NaN, Inf, hex, _, ",": "x" is not a valid decimal;
//	          one point, optional exponent (e, sign,   |exponent| > 10000: 1e10001 has an exponent beyond
//	          digits); exact (shopspring), the value   ±10000…; digits: 1e400 has 401 integer digits,
//	          decimal.NewFromString gives              numeric(12,2) holds at most 10; places: 0.001 has
//	                                                   more than 2 decimal places; set rounding…
//	float     the decimal notation above, as           NaN, Inf, Infinity: NaN is not a finite number;
//	          strconv.ParseFloat(s, 64) reads it       overflow: 1e1000 is out of range for a float;
//	          (underflow reads as 0); a real is        beyond a real: 1e39 is out of range for a 32-bit
//	          rounded to 32 bits                       float; hex, _: "x" is not a valid float
//	timestamp the formats, tried in order: Go layouts  "x" is not a valid timestamp (formats: …); a
//	          or rfc3339 or iso8601 (the default: a    local time a change of offset skips or repeats:
//	          date, or date T|space hh:mm[:ss][.frac]  "x" does not exist (clocks skip it) in <zone>…;
//	          [Z|±hh:mm|±hhmm|±hh]); text without an   outside the years 1 to 9999 (UTC): 0000-06-01T…Z
//	          offset is in the zone (default UTC);     is outside the years 1 to 9999 (UTC) the
//	          stored in UTC; a date is midnight UTC    warehouse stores
//	          of the calendar date in the zone
//	text      any valid UTF-8 without NUL              NUL: text has a NUL byte at byte offset i…;
//	                                                   invalid UTF-8: text is not valid UTF-8 at…;
//	                                                   varchar(n): text has k characters, varchar(n)…
//
// A reason quotes text that does not parse, as given, and shows a number
// that parsed unquoted: as the source wrote it (cut to 40 characters), an
// integer in base 10.
//
// Where the cast step and the final conversion used to disagree, this is
// what both do now:
//   - bool: the cast's words, case-insensitive (a superset of
//     strconv.ParseBool, which the column used: "yes", "n", "tRuE" now load
//     without a cast too).
//   - timestamp: a column reads iso8601 in UTC, as a cast without a
//     format does, not RFC 3339 only: every RFC 3339 timestamp still reads
//     the same, and "2024-03-01 12:30:00", "2024-03-01T12:30" and
//     "2024-03-01" now load as UTC. A cast refuses the years outside 1 to
//     9999 as the column did (before, it passed them on to be rejected
//     there).
//   - decimal exponents: the limit is |exponent| ≤ 10000 (shopspring's),
//     not three exponent digits: a cast to decimal reads 1e1000 as the
//     column did, and a numeric(p,s) refuses it for its digits.
//   - decimal places: both keep the column's rule (trailing zeros beyond
//     the scale are dropped, other digits refused unless a cast rounds),
//     and a cast with a scale also checks the digits before the point.
//   - float: decimal notation only, as the cast had it: the column no
//     longer reads hex ("0x1p3") or underscores ("1_000"); 1e1000 is out
//     of range for a float in both (the cast said it was not a float).
//     NaN and Inf are "not a finite number" in both. A real rounds the
//     64-bit value to 32 bits in both, and holds every value that rounds
//     to a finite float32 (3.4028235e38, as Go prints MaxFloat32, loads).
//   - Unicode minus (U+2212): refused by every number kind, with a hint
//     (the column's decimal used to read it through NewFromString, its
//     integer and float did not, nor did the cast).
//   - a leading +, surrounding white space: accepted by every number kind,
//     as before in both; thousands separators are refused by all.
//   - integer range: one reason, "… is outside the range the column
//     holds, lo to hi", for a cast (the int64 range) and a column.
package value
