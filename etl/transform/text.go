package transform

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/warehouse-loader/loader/etl"
)

// TrimConfig removes surrounding white space from text values (pandas
// str.strip). Values of other kinds and NULL are left alone.
type TrimConfig struct {
	// Columns are the columns to trim; set Columns or All.
	Columns []string `yaml:"columns"`
	// All trims every column.
	All bool `yaml:"all"`
}

// NewTrim returns the trim step.
func NewTrim(cfg TrimConfig) (etl.Step, error) {
	if cfg.All == (len(cfg.Columns) > 0) {
		return nil, fmt.Errorf("trim: set columns or all: true (one of them)")
	}
	if !cfg.All {
		if err := checkNames("trim", "columns", cfg.Columns); err != nil {
			return nil, err
		}
	}
	return &textStep{name: stepName("trim", cfg.Columns), columns: cfg.Columns, fn: strings.TrimSpace}, nil
}

// CaseConfig changes the case of text values (pandas str.lower, str.upper,
// str.title). Values of other kinds and NULL are left alone.
type CaseConfig struct {
	// Columns are the columns to change; required.
	Columns []string `yaml:"columns"`
	// To is lower, upper or title (each word's first letter upper, the
	// rest lower, as Python's str.title: "o'neil" becomes "O'Neil").
	To string `yaml:"to"`
}

// NewCase returns the case step.
func NewCase(cfg CaseConfig) (etl.Step, error) {
	if err := checkNames("case", "columns", cfg.Columns); err != nil {
		return nil, err
	}
	fns := map[string]func(string) string{"lower": strings.ToLower, "upper": strings.ToUpper, "title": titleCase}
	fn, ok := fns[cfg.To]
	if !ok {
		return nil, fmt.Errorf("case: to %q is not lower, upper or title", cfg.To)
	}
	return &textStep{name: stepName("case", cfg.Columns), columns: cfg.Columns, fn: fn}, nil
}

func stepName(kind string, columns []string) string {
	if len(columns) == 0 {
		return kind + " (all columns)"
	}
	return kind + " " + strings.Join(columns, ", ")
}

// textStep applies fn to the text values of some columns (nil: all).
type textStep struct {
	name    string
	columns []string
	fn      func(string) string
}

// Name returns "<kind> <columns>".
func (t *textStep) Name() string { return t.name }

// Bind resolves the columns; the columns are unchanged.
func (t *textStep) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	idx, err := lookupAll(t.name, in, t.columns)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	if t.columns == nil {
		idx = make([]int, in.Len())
		for i := range idx {
			idx[i] = i
		}
	}
	fn := t.fn
	return in, func(rec *etl.Record) error {
		for _, i := range idx {
			if s, ok := rec.Row[i].(string); ok {
				if r := fn(s); r != s {
					rec.Row[i] = r
				}
			}
		}
		return nil
	}, nil
}

// titleCase upper-cases the first letter of each word and lower-cases the
// others; a word starts at a letter that follows a non-letter. It returns
// s itself when nothing changes.
func titleCase(s string) string {
	prevLetter := false
	return strings.Map(func(r rune) rune {
		letter := unicode.IsLetter(r)
		switch {
		case !letter:
		case prevLetter:
			r = unicode.ToLower(r)
		default:
			r = unicode.ToTitle(r)
		}
		prevLetter = letter
		return r
	}, s)
}
