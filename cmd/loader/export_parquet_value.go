package main

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/repository"
)

// The conversions below read a cell's text, which repository.Cell writes
// the same from every database (see there), into a Parquet value.

// stringValue is text as UTF-8 bytes; invalid UTF-8 is replaced by
// U+FFFD, byte by byte, as in NDJSON.
func stringValue(text string) (parquet.Value, error) {
	if !utf8.ValidString(text) {
		text = string([]rune(text))
	}
	return parquet.ByteArrayValue([]byte(text)), nil
}

func int64Value(text string) (parquet.Value, error) {
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return parquet.Value{}, errors.New("not a 64-bit integer")
	}
	return parquet.Int64Value(n), nil
}

func boolValue(text string) (parquet.Value, error) {
	b, err := strconv.ParseBool(text)
	if err != nil {
		return parquet.Value{}, errors.New("not a boolean")
	}
	return parquet.BooleanValue(b), nil
}

func doubleValue(text string) (parquet.Value, error) {
	f, err := strconv.ParseFloat(text, 64)
	if err != nil {
		return parquet.Value{}, errors.New("not a number")
	}
	return parquet.DoubleValue(f), nil
}

// dateValue is a date as DATE's days since 1970-01-01.
func dateValue(text string) (parquet.Value, error) {
	t, err := time.Parse(time.DateOnly, text)
	if err != nil {
		return parquet.Value{}, errors.New("not a date (YYYY-MM-DD)")
	}
	return parquet.Int32Value(int32(t.Unix() / 86400)), nil
}

// timestampValue is a timestamp as microseconds since 1970-01-01 UTC.
func timestampValue(text string) (parquet.Value, error) {
	t, err := time.Parse(repository.TimestampLayout, text)
	if err != nil {
		return parquet.Value{}, errors.New("not a timestamp")
	}
	return parquet.Int64Value(t.UnixMicro()), nil
}

// decimalColumn is the DECIMAL(precision, scale) node and its conversion:
// the unscaled value, read exactly from the text, as an INT32 up to 9
// digits, an INT64 up to 18, else big-endian two's complement bytes of
// the fewest that hold precision digits (FIXED_LEN_BYTE_ARRAY).
func decimalColumn(precision, scale int) (parquet.Node, func(string) (parquet.Value, error)) {
	limit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(precision)), nil)
	unscaled := func(text string) (*big.Int, error) {
		d, err := decimal.NewFromString(text)
		if err != nil {
			return nil, errors.New("not a decimal")
		}
		u := d.Shift(int32(scale))
		if !u.IsInteger() {
			return nil, fmt.Errorf("more than the %d digits after the point of DECIMAL(%d,%d)", scale, precision, scale)
		}
		if n := u.BigInt(); n.CmpAbs(limit) < 0 {
			return n, nil
		}
		return nil, fmt.Errorf("more than the %d digits of DECIMAL(%d,%d)", precision, precision, scale)
	}
	node, put := decimalNode(precision, scale)
	return node, func(text string) (parquet.Value, error) {
		n, err := unscaled(text)
		if err != nil {
			return parquet.Value{}, err
		}
		return put(n), nil
	}
}

// decimalNode is the DECIMAL(precision, scale) node of the physical type
// decimalColumn says, and how an unscaled value (of at most precision
// digits) is put in it.
func decimalNode(precision, scale int) (parquet.Node, func(*big.Int) parquet.Value) {
	switch {
	case precision <= 9:
		return parquet.Decimal(scale, precision, parquet.Int32Type), func(n *big.Int) parquet.Value { return parquet.Int32Value(int32(n.Int64())) }
	case precision <= 18:
		return parquet.Decimal(scale, precision, parquet.Int64Type), func(n *big.Int) parquet.Value { return parquet.Int64Value(n.Int64()) }
	}
	size := decimalBytes(precision)
	wrap := new(big.Int).Lsh(big.NewInt(1), uint(size)*8)
	return parquet.Decimal(scale, precision, parquet.FixedLenByteArrayType(size)), func(n *big.Int) parquet.Value {
		if n.Sign() < 0 {
			n.Add(n, wrap)
		}
		return parquet.FixedLenByteArrayValue(n.FillBytes(make([]byte, size)))
	}
}

// decimalBytes is the fewest bytes whose two's complement holds every
// integer of precision digits.
func decimalBytes(precision int) int {
	bits := int(math.Ceil(float64(precision)*math.Log2(10))) + 1
	return (bits + 7) / 8
}
