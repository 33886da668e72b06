package infer

import "github.com/warehouse-loader/loader/etl/transform"

// Cast returns the cast step that converts the column's text to its kind
// (to: int, decimal with the scale, float, bool, date or timestamp with
// the layout as format, timestamp with the unit); ok is false for text,
// which needs none. The cast reads every value the sample held.
func (c Column) Cast() (cfg transform.CastConfig, ok bool) {
	cfg = transform.CastConfig{Column: c.Name}
	switch c.Kind {
	case Integer:
		cfg.To = transform.KindInt
	case Decimal:
		scale := int32(c.Scale)
		cfg.To, cfg.Scale = transform.KindDecimal, &scale
	case Float:
		cfg.To = transform.KindFloat
	case Boolean:
		cfg.To = transform.KindBool
	case Date:
		cfg.To, cfg.Format = transform.KindDate, c.Layout
	case Timestamp:
		cfg.To, cfg.Format, cfg.Unit = transform.KindTimestamp, c.Layout, c.Unit
	default:
		return transform.CastConfig{}, false
	}
	return cfg, true
}
