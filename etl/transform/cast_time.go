package transform

import (
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/etl/value"
)

// Names CastConfig.Format accepts besides Go layouts.
const (
	// FormatRFC3339 is RFC 3339 with an offset: 2006-01-02T15:04:05Z07:00,
	// fractional seconds allowed.
	FormatRFC3339 = value.FormatRFC3339
	// FormatISO8601 is the common ISO 8601 shapes: a date alone
	// (2006-01-02), or date, T or a space, hh:mm or hh:mm:ss, optional
	// fractional seconds, optional offset (Z, ±hh:mm, ±hhmm, ±hh).
	FormatISO8601 = value.FormatISO8601
)

// toTime converts text to a timestamp (UTC) or a date (midnight UTC of the
// calendar date in the zone), and normalises time values the same way,
// by the rules of package value.
type toTime struct {
	column string
	kind   string
	times  *value.Times
}

func newToTime(cfg CastConfig) (converter, error) {
	formats := cfg.Formats
	if cfg.Format != "" {
		if len(formats) > 0 {
			return nil, fmt.Errorf("set format or formats, not both")
		}
		formats = []string{cfg.Format}
	}
	times, err := value.NewTimes(formats, cfg.Timezone, cfg.To == KindDate)
	if err != nil {
		return nil, err
	}
	return &toTime{column: cfg.Column, kind: cfg.To, times: times}, nil
}

func (c *toTime) convert(v any) (any, error) {
	switch x := v.(type) {
	case string:
		t, err := c.times.Parse(x)
		if err != nil {
			return nil, refused(c.column, err)
		}
		return t, nil
	case time.Time:
		t, changed, err := c.times.Fit(x)
		if err != nil {
			return nil, refused(c.column, err)
		}
		if !changed {
			return v, nil
		}
		return t, nil
	}
	return nil, cannotCast(c.column, v, c.kind)
}
