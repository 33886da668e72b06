package parquetsource

import (
	"encoding/binary"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// unixDay is the Julian day of 1970-01-01, for INT96 timestamps.
const unixDay = 2440588

// dateLeaf reads a DATE (days since 1970-01-01) as midnight UTC, what the
// engine keeps of a date column.
func dateLeaf(v parquet.Value) (any, error) {
	return time.Unix(int64(v.Int32())*86400, 0).UTC(), nil
}

// timestampLeaf reads a TIMESTAMP of the given unit as a UTC time. A
// timestamp not adjusted to UTC (a wall time of no zone) is taken as a
// UTC wall time: the same digits, zone UTC.
func timestampLeaf(unit format.TimeUnit) leafFunc {
	switch unit.Value.(type) {
	case *format.MilliSeconds:
		return func(v parquet.Value) (any, error) { return time.UnixMilli(v.Int64()).UTC(), nil }
	case *format.MicroSeconds:
		return func(v parquet.Value) (any, error) { return time.UnixMicro(v.Int64()).UTC(), nil }
	}
	return func(v parquet.Value) (any, error) { return time.Unix(0, v.Int64()).UTC(), nil }
}

// timeLeaf reads a TIME of day as text, "15:04:05" with as many
// fractional digits as needed: the engine has no time-of-day value.
func timeLeaf(unit format.TimeUnit, kind parquet.Kind) leafFunc {
	scale := time.Nanosecond
	switch unit.Value.(type) {
	case *format.MilliSeconds:
		scale = time.Millisecond
	case *format.MicroSeconds:
		scale = time.Microsecond
	}
	return func(v parquet.Value) (any, error) {
		n := v.Int64()
		if kind == parquet.Int32 {
			n = int64(v.Int32())
		}
		return time.Time{}.Add(time.Duration(n) * scale).Format("15:04:05.999999999"), nil
	}
}

// int96Leaf reads a legacy INT96 timestamp (nanoseconds of the day, then
// the Julian day, little-endian) as a UTC time.
func int96Leaf(v parquet.Value) (any, error) {
	b := v.Bytes()
	if len(b) != 12 {
		return v.Int96().String(), nil
	}
	nanos := int64(binary.LittleEndian.Uint64(b[:8]))
	day := int64(binary.LittleEndian.Uint32(b[8:]))
	return time.Unix((day-unixDay)*86400, nanos).UTC(), nil
}
