package transform

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestCastUnit(t *testing.T) {
	s := CastConfig{To: KindTimestamp, Unit: UnitSeconds}
	ms := CastConfig{To: KindTimestamp, Unit: UnitMilliseconds}
	us := CastConfig{To: KindTimestamp, Unit: UnitMicroseconds}
	ns := CastConfig{To: KindTimestamp, Unit: UnitNanoseconds}
	at := utc(2023, 11, 14, 22, 13, 20)
	runCastCases(t, []castCase{
		{"seconds text", s, "1700000000", at, ""},
		{"seconds trimmed", s, " 1700000000 ", at, ""},
		{"seconds with a fraction to the nanosecond", s, "1700000000.123456789", at.Add(123456789), ""},
		{"milliseconds text, exact", ms, "1700000000123", at.Add(123 * time.Millisecond), ""},
		{"microseconds text", us, "1700000000123456", at.Add(123456 * time.Microsecond), ""},
		{"nanoseconds text, exact", ns, "1700000000123456789", at.Add(123456789), ""},
		{"int64 milliseconds", ms, int64(1700000000123), at.Add(123 * time.Millisecond), ""},
		{"int64 nanoseconds", ns, int64(1700000000123456789), at.Add(123456789), ""},
		{"json number", ms, json.Number("1700000000123"), at.Add(123 * time.Millisecond), ""},
		{"float seconds", s, 1700000000.5, at.Add(500 * time.Millisecond), ""},
		{"decimal", s, dec("1700000000.25"), at.Add(250 * time.Millisecond), ""},
		{"before 1970", s, "-86400", utc(1969, 12, 31, 0, 0, 0), ""},
		{"negative milliseconds round down", ms, int64(-1), utc(1969, 12, 31, 23, 59, 59).Add(999 * time.Millisecond), ""},
		{"zero", s, "0", utc(1970, 1, 1, 0, 0, 0), ""},
		{"already a timestamp", s, at, at, ""},
		{"null stays null", s, nil, nil, ""},
		{"not a number", s, "soon", nil, `column x: "soon" is not a valid epoch number in seconds`},
		{"thousands separator", ms, "1,700,000,000,123", nil, "is not a valid epoch number in milliseconds"},
		{"year 10000", s, "253402300800", nil, "253402300800 seconds since 1970-01-01 UTC is outside the years 1 to 9999"},
		{"int64 beyond time", s, int64(9223372036854775807), nil, "outside the years 1 to 9999"},
		{"huge text", s, "1e300", nil, "outside the years 1 to 9999"},
		{"before year 1", s, "-62135596801", nil, "outside the years 1 to 9999"},
		{"finer than a nanosecond", ns, "1.5", nil, "1.5 nanoseconds has a fraction finer than a nanosecond"},
		{"bool", s, true, nil, "true is a bool, which cannot be cast to timestamp"},
	})
}

func TestNewCastUnitErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg  CastConfig
		want string
	}{
		{CastConfig{Column: "x", To: KindTimestamp, Unit: "minutes"}, `unit "minutes" is not one of s, ms, us, ns`},
		{CastConfig{Column: "x", To: KindTimestamp, Unit: "ms", Format: "2006-01-02"}, "set unit (epoch numbers) or format (text in a layout), not both"},
		{CastConfig{Column: "x", To: KindTimestamp, Unit: "ms", Formats: []string{"iso8601"}}, "not both"},
		{CastConfig{Column: "x", To: KindTimestamp, Unit: "s", Timezone: "Europe/Berlin"}, "timezone does not apply with unit"},
		{CastConfig{Column: "x", To: KindDate, Unit: "s"}, "cast x: unit does not apply to date (only to timestamp)"},
		{CastConfig{Column: "x", To: KindInt, Unit: "s"}, "unit does not apply to int"},
	} {
		_, err := NewCast(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewCast(%+v) = %v, want %q", tc.cfg, err, tc.want)
		}
	}
}
