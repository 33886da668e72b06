package transform

import (
	"encoding/binary"
	"hash/maphash"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/warehouse-loader/loader/etl"
)

// keyHasher hashes some values of a row into 64 bits. Each value is
// written as a marker byte (NULL or not), the length of its text form and
// the text form itself, so ("ab", "c") and ("a", "bc") differ. Text forms:
// strings as they are, integers and floats in Go's shortest form, decimals
// without trailing zeros (1.50 is 1.5), bools as true/false, timestamps
// in RFC 3339 UTC. Values of different kinds with the same text (the
// integer 5 and the text "5") are the same key; cast keys first.
type keyHasher struct {
	h   maphash.Hash
	buf [64]byte
}

func newKeyHasher() *keyHasher {
	k := &keyHasher{}
	k.h.SetSeed(maphash.MakeSeed())
	return k
}

// sum hashes the values of row at positions idx.
func (k *keyHasher) sum(row etl.Row, idx []int) uint64 {
	k.h.Reset()
	for _, i := range idx {
		k.write(row[i])
	}
	return k.h.Sum64()
}

func (k *keyHasher) write(v any) {
	if v == nil {
		_ = k.h.WriteByte(0)
		return
	}
	_ = k.h.WriteByte(1)
	if s, ok := v.(string); ok {
		k.writeLen(len(s))
		_, _ = k.h.WriteString(s)
		return
	}
	b := appendText(k.buf[:0], v)
	k.writeLen(len(b))
	_, _ = k.h.Write(b)
}

func (k *keyHasher) writeLen(n int) {
	var l [binary.MaxVarintLen64]byte
	_, _ = k.h.Write(l[:binary.PutUvarint(l[:], uint64(n))])
}

// appendText appends the text form of a non-string value.
func appendText(b []byte, v any) []byte {
	switch x := v.(type) {
	case int64:
		return strconv.AppendInt(b, x, 10)
	case decimal.Decimal:
		return append(b, x.String()...)
	case bool:
		return strconv.AppendBool(b, x)
	case time.Time:
		return x.UTC().AppendFormat(b, time.RFC3339Nano)
	case float64:
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	return append(b, show(v)...)
}
