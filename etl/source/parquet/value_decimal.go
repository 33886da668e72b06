package parquetsource

import (
	"math/big"

	"github.com/parquet-go/parquet-go"
	"github.com/shopspring/decimal"
)

// decimalLeaf reads a DECIMAL of the given scale, stored as an INT32, an
// INT64 or big-endian two's complement bytes, as an exact decimal.Decimal.
func decimalLeaf(kind parquet.Kind, scale int32) leafFunc {
	switch kind {
	case parquet.Int32:
		return func(v parquet.Value) (any, error) { return decimal.New(int64(v.Int32()), -scale), nil }
	case parquet.Int64:
		return func(v parquet.Value) (any, error) { return decimal.New(v.Int64(), -scale), nil }
	}
	return func(v parquet.Value) (any, error) { return decimalOfBytes(v.ByteArray(), scale), nil }
}

// decimalOfBytes reads the unscaled value b (big-endian two's complement)
// at scale.
func decimalOfBytes(b []byte, scale int32) decimal.Decimal {
	if len(b) <= 8 {
		var n int64
		if len(b) > 0 && b[0]&0x80 != 0 {
			n = -1
		}
		for _, c := range b {
			n = n<<8 | int64(c)
		}
		return decimal.New(n, -scale)
	}
	i := new(big.Int).SetBytes(b)
	if b[0]&0x80 != 0 {
		i.Sub(i, new(big.Int).Lsh(big.NewInt(1), uint(len(b))*8))
	}
	return decimal.NewFromBigInt(i, -scale)
}

// decimalOfUint returns u as a decimal.
func decimalOfUint(u uint64) decimal.Decimal {
	return decimal.NewFromBigInt(new(big.Int).SetUint64(u), 0)
}
