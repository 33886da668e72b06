package etl_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/target"
	"github.com/warehouse-loader/loader/etl/transform"
)

// agreeKinds pairs a column with the cast that reads its kind. Wide
// columns hold everything the cast's kind holds, so the reasons must be
// the same too; a narrow one may refuse later with its own limits.
var agreeKinds = []struct {
	col    target.Column
	cast   transform.CastConfig
	narrow bool
}{
	{target.Column{Name: "n", Kind: target.KindInt}, transform.CastConfig{To: transform.KindInt}, false},
	{target.Column{Name: "n", Kind: target.KindInt, Min: math.MinInt32, Max: math.MaxInt32}, transform.CastConfig{To: transform.KindInt}, true},
	{target.Column{Name: "n", Kind: target.KindDecimal}, transform.CastConfig{To: transform.KindDecimal}, false},
	{target.Column{Name: "n", Kind: target.KindDecimal, Precision: 12, Scale: 2}, transform.CastConfig{To: transform.KindDecimal, Scale: ptr(int32(2))}, true},
	{target.Column{Name: "n", Kind: target.KindFloat, Bits: 64}, transform.CastConfig{To: transform.KindFloat}, false},
	{target.Column{Name: "n", Kind: target.KindFloat, Bits: 32}, transform.CastConfig{To: transform.KindFloat}, true},
	{target.Column{Name: "n", Kind: target.KindTime}, transform.CastConfig{To: transform.KindTimestamp}, false},
	{target.Column{Name: "n", Kind: target.KindBool}, transform.CastConfig{To: transform.KindBool}, false},
}

// agreeInputs are common values and every spelling the two used to read
// differently: booleans, timestamp layouts, 1e1000, a Unicode minus, a
// leading +, white space, thousands separators, NaN and Inf, hex.
var agreeInputs = []string{
	"0", "7", " 7 ", "+5", "-0", "007", "1e3", "1,000", "1_000", "\u22125", "0x10", "3000000000", "9223372036854775808",
	"12.34", "+1.50", "12.345", "1e400", "1e1000", "1e10001", "-1e-400", "\u22121.5", "1000000000000.001",
	"NaN", "Inf", "-Infinity", "0x1p3", "+.5", "3.4028235e38", "1e39",
	"t", "T", "yes", "Y", "TRUE", "tRuE", "no", "f", "maybe", "",
	"2024-03-01T12:30:00Z", "2024-03-01 12:30:00", "2024-03-01T12:30", "2024-03-01", "2024-03-01T12:30:00.5+01:00",
	"0000-06-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "01/03/2024", "2024-02-30",
}

// TestCastAndConformAgree: a text value loads as the same value, or is
// rejected, whether or not the pipeline casts it first; into a wide
// column, a cast alone and the column alone give the same reason.
func TestCastAndConformAgree(t *testing.T) {
	for _, k := range agreeKinds {
		fn := bindCast(t, k.cast)
		for _, in := range agreeInputs {
			direct := show(etl.Convert(in, k.col))
			casted, err := cast(fn, in)
			viaCast := show(casted, err)
			if err == nil {
				viaCast = show(etl.Convert(casted, k.col))
			}
			if k.narrow && accepted(direct) == accepted(viaCast) && !accepted(direct) {
				continue // both rejected, each by its own limits
			}
			if direct != viaCast {
				t.Errorf("%s %s, %q: conform %s, cast then conform %s", k.col.Kind, k.cast.To, in, direct, viaCast)
			}
			if alone := show(casted, err); !k.narrow && direct != alone && !(err == nil && accepted(direct)) {
				t.Errorf("%s %s, %q: conform %s, cast %s", k.col.Kind, k.cast.To, in, direct, alone)
			}
		}
	}
}

func bindCast(t *testing.T, cfg transform.CastConfig) func(*etl.Record) error {
	cfg.Column = "n"
	step, err := transform.NewCast(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, fn, err := step.Bind(etl.MustColumns("n"))
	if err != nil {
		t.Fatal(err)
	}
	return fn
}

func cast(fn func(*etl.Record) error, in string) (any, error) {
	rec := &etl.Record{N: 1, Row: etl.Row{in}}
	err := fn(rec)
	return rec.Row[0], err
}

// show is a value with its Go type, or the reject reason.
func show(v any, err error) string {
	var rej *etl.RejectError
	switch {
	case errors.As(err, &rej):
		return "REJECT " + rej.Reason
	case err != nil:
		return "ERROR " + err.Error()
	}
	if t, ok := v.(time.Time); ok {
		return fmt.Sprintf("%s %s", t.Format(time.RFC3339Nano), t.Location())
	}
	return fmt.Sprintf("%T %v", v, v)
}

func accepted(shown string) bool { return len(shown) < 7 || shown[:7] != "REJECT " }

func ptr[T any](v T) *T { return &v }
