package transform

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/warehouse-loader/loader/etl"
)

// ValidateConfig rejects records whose column breaks a rule, with a reason
// naming the column, the value and the rule ("column quantity: 0 is below
// the minimum 1"). NULL breaks only not_null; the other rules accept it,
// as SQL CHECK constraints do. Min, Max and In compare by the column's
// kind, as FilterConfig does (text against a numeric min or max compares as
// a number, and text that is no number is rejected); Regex and the lengths
// apply to text.
type ValidateConfig struct {
	// Column is the column checked; required.
	Column string `yaml:"column"`
	// NotNull rejects NULL.
	NotNull bool `yaml:"not_null"`
	// Min and Max are inclusive bounds.
	Min string `yaml:"min"`
	Max string `yaml:"max"`
	// In lists the allowed values.
	In []string `yaml:"in"`
	// Regex is a Go regular expression the text must contain (unanchored:
	// write ^…$ to constrain the whole value).
	Regex string `yaml:"regex"`
	// MinLength and MaxLength bound the length of text in characters;
	// 0 is no bound.
	MinLength int `yaml:"min_length"`
	MaxLength int `yaml:"max_length"`
}

type validate struct {
	name     string
	cfg      ValidateConfig
	min, max *operand
	in       []operand
	pattern  *regexp.Regexp
}

// NewValidate returns the validate step; it needs at least one rule.
func NewValidate(cfg ValidateConfig) (etl.Step, error) {
	if err := checkColumn("validate", "column", cfg.Column); err != nil {
		return nil, err
	}
	v := &validate{name: "validate " + cfg.Column, cfg: cfg}
	if err := v.prepare(); err != nil {
		return nil, fmt.Errorf("%s: %w", v.name, err)
	}
	return v, nil
}

func (v *validate) prepare() (err error) {
	c := v.cfg
	if !c.NotNull && c.Min == "" && c.Max == "" && c.In == nil && c.Regex == "" && c.MinLength == 0 && c.MaxLength == 0 {
		return fmt.Errorf("no rule; set not_null, min, max, in, regex, min_length or max_length")
	}
	if c.MinLength < 0 || c.MaxLength < 0 || (c.MaxLength > 0 && c.MinLength > c.MaxLength) {
		return fmt.Errorf("min_length %d and max_length %d are not a range", c.MinLength, c.MaxLength)
	}
	v.min, v.max = optionalOperand(c.Min), optionalOperand(c.Max)
	if v.min != nil && v.max != nil && v.min.isNum && v.max.isNum && v.min.num.d.Cmp(v.max.num.d) > 0 {
		return fmt.Errorf("min %s is above max %s", c.Min, c.Max)
	}
	if c.In != nil {
		if len(c.In) == 0 {
			return fmt.Errorf("in is an empty list")
		}
		v.in = operands(c.In)
	}
	if c.Regex != "" {
		v.pattern, err = regexp.Compile(c.Regex)
	}
	return err
}

func optionalOperand(s string) *operand {
	if s == "" {
		return nil
	}
	o := newOperand(s)
	return &o
}

// Name returns "validate <column>".
func (v *validate) Name() string { return v.name }

// Bind resolves the column; the columns are unchanged.
func (v *validate) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	i, err := lookup(v.name, in, v.cfg.Column)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	return in, func(rec *etl.Record) error { return v.check(rec.Row[i]) }, nil
}

// check applies the rules to x.
func (v *validate) check(x any) error {
	if x == nil {
		if v.cfg.NotNull {
			return etl.Rejectf("column %s: NULL, but a value is required (not_null)", v.cfg.Column)
		}
		return nil
	}
	if err := v.checkRange(x); err != nil {
		return err
	}
	if v.in != nil {
		if err := v.checkIn(x); err != nil {
			return err
		}
	}
	if v.pattern != nil || v.cfg.MinLength > 0 || v.cfg.MaxLength > 0 {
		return v.checkText(x)
	}
	return nil
}

func (v *validate) checkRange(x any) error {
	if v.min != nil {
		c, ok := v.min.order(x)
		if !ok {
			return v.min.mismatch(v.name, v.cfg.Column, x)
		}
		if c < 0 {
			return etl.Rejectf("column %s: %s is below the minimum %s", v.cfg.Column, show(x), v.cfg.Min)
		}
	}
	if v.max != nil {
		c, ok := v.max.order(x)
		if !ok {
			return v.max.mismatch(v.name, v.cfg.Column, x)
		}
		if c > 0 {
			return etl.Rejectf("column %s: %s is above the maximum %s", v.cfg.Column, show(x), v.cfg.Max)
		}
	}
	return nil
}

func (v *validate) checkIn(x any) error {
	found, bad := oneOf(v.in, x)
	if bad != nil {
		return bad.mismatch(v.name, v.cfg.Column, x)
	}
	if !found {
		return etl.Rejectf("column %s: %s is not one of %s (in)", v.cfg.Column, show(x), strings.Join(v.cfg.In, ", "))
	}
	return nil
}

func (v *validate) checkText(x any) error {
	s, ok := x.(string)
	if !ok {
		return fmt.Errorf("%s: regex and lengths apply to text, but column %s holds %s; validate before the cast",
			v.name, v.cfg.Column, kindName(x))
	}
	if v.pattern != nil && !v.pattern.MatchString(s) {
		return etl.Rejectf("column %s: %s does not match the regex %s", v.cfg.Column, show(x), v.cfg.Regex)
	}
	n := utf8.RuneCountInString(s)
	if n < v.cfg.MinLength {
		return etl.Rejectf("column %s: %s is shorter than %d characters (min_length)", v.cfg.Column, show(x), v.cfg.MinLength)
	}
	if v.cfg.MaxLength > 0 && n > v.cfg.MaxLength {
		return etl.Rejectf("column %s: %s is longer than %d characters (max_length)", v.cfg.Column, show(x), v.cfg.MaxLength)
	}
	return nil
}
