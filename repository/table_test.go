package repository_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// columnLimits has a field of every kind whose limits TableOf derives.
type columnLimits struct {
	ID     int64 `gorm:"primaryKey;autoIncrement"`
	I8     int8
	U16    uint16 // GORM widens unsigned fields: integer
	U32    uint32 // bigint
	U64    uint64
	Narrow int64           `gorm:"size:32"`
	Small  int64           `gorm:"type:smallint"`
	Name   string          `gorm:"size:20"`
	Note   string          `gorm:"type:text"`
	Code   string          `gorm:"type:varchar(3)"`
	Whole  decimal.Decimal `gorm:"type:numeric(8)"`
	Any    decimal.Decimal `gorm:"type:numeric"`
	Ratio  float32
	Score  float64 `gorm:"type:real"`
}

func TestTableOfDescribesColumnLimits(t *testing.T) {
	s, err := repository.Open(context.Background(), dbtest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = s.Close() }()
	want := map[string]string{
		"i8":     "bits 16, -128..127",
		"u16":    "bits 32, 0..65535",
		"u32":    "bits 64, 0..4294967295",
		"u64":    fmt.Sprintf("bits 64, 0..%d", int64(math.MaxInt64)),
		"narrow": "bits 32, -2147483648..2147483647",
		"small":  "bits 16, -32768..32767",
		"name":   "max 20",
		"note":   "max 0",
		"code":   "max 3",
		"whole":  "numeric(8,0)",
		"any":    "numeric(0,0)",
		"ratio":  "bits 32",
		"score":  "bits 32",
	}
	check(t, s, &columnLimits{}, want)
	check(t, s, &models.TransformedSale{}, map[string]string{
		"quantity": "bits 32, -2147483648..2147483647", "sales_amount": "numeric(12,2)", "load_run_id": fmt.Sprintf("bits 64, %d..%d", int64(math.MinInt64), int64(math.MaxInt64)),
	})
}

func check(t *testing.T, s *repository.Store, model any, want map[string]string) {
	t.Helper()
	table, err := s.TableOf(model)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range table.Columns {
		w, ok := want[c.Name]
		if !ok {
			continue
		}
		var got string
		switch c.Kind {
		case repository.KindInt:
			got = fmt.Sprintf("bits %d, %d..%d", c.Bits, c.Min, c.Max)
		case repository.KindFloat:
			got = fmt.Sprintf("bits %d", c.Bits)
		case repository.KindString:
			got = fmt.Sprintf("max %d", c.MaxLen)
		case repository.KindDecimal:
			got = fmt.Sprintf("numeric(%d,%d)", c.Precision, c.Scale)
		}
		if got != w {
			t.Errorf("%s: %s, want %s", c.Name, got, w)
		}
		delete(want, c.Name)
	}
	if len(want) > 0 {
		t.Errorf("columns not described: %v", want)
	}
}

// On SQLite a decimal column keeps 15 significant digits (an 8-byte
// float), and TableOf says so, so a value with more is rejected rather
// than rounded; the servers keep every digit the precision allows.
func TestTableOfDecimalDigits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		s := openStore(t, url)
		table, err := s.TableOf(&columnLimits{})
		if err != nil {
			t.Fatal(err)
		}
		want := 0
		if s.Dialect() == "sqlite" {
			want = 15
		}
		for _, c := range table.Columns {
			if c.Kind == repository.KindDecimal && c.Digits != want {
				t.Errorf("%s: Digits %d, want %d", c.Name, c.Digits, want)
			}
		}
	})
}
