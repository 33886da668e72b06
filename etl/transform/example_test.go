package transform_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/transform"
	"go.yaml.in/yaml/v3"
)

// A custom step is a config struct with yaml tags, a constructor that
// checks it, and a registration in init, after which pipeline specs can
// name it: `- mask_email: {column: email}`.
func init() {
	transform.Register("mask_email", transform.NewFactory("mask_email", NewMaskEmail))
}

// MaskEmailConfig hides the local part of e-mail addresses.
type MaskEmailConfig struct {
	Column string `yaml:"column"`
}

// NewMaskEmail returns a step that keeps the first letter and the domain
// of the addresses in cfg.Column. A step that keeps the columns as they
// are is an etl.StepFunc: Prepare resolves the column once and returns the
// function applied to each record.
func NewMaskEmail(cfg MaskEmailConfig) (etl.Step, error) {
	if cfg.Column == "" {
		return nil, errors.New("mask_email: column is required")
	}
	name := "mask_email " + cfg.Column
	return etl.StepFunc{
		StepName: name,
		Prepare: func(in etl.Columns) (func(*etl.Record) error, error) {
			i, err := in.Lookup(cfg.Column)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			return func(rec *etl.Record) error {
				s, ok := rec.Row[i].(string)
				if !ok {
					return nil // NULL, or not text: leave it
				}
				at := strings.IndexByte(s, '@')
				if at < 1 {
					return etl.Rejectf("column %s: %q is not an e-mail address", cfg.Column, s)
				}
				rec.Row[i] = s[:1] + "***" + s[at:]
				return nil
			}, nil
		},
	}, nil
}

func Example_customStep() {
	factory, _ := transform.Lookup("mask_email")
	step, err := factory(settings("{column: email}"))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, apply, err := step.Bind(etl.MustColumns("id", "email"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range []etl.Row{{"1", "ann@example.com"}, {"2", "nobody"}} {
		rec := &etl.Record{Row: row}
		if err := apply(rec); err != nil {
			fmt.Println("rejected:", err)
			continue
		}
		fmt.Println(rec.Row)
	}

	// Settings are decoded strictly, as for the built-ins.
	_, err = factory(settings("{colum: email}"))
	fmt.Println(err)
	// Output:
	// [1 a***@example.com]
	// rejected: column email: "nobody" is not an e-mail address
	// line 1: unknown key "colum" in mask_email; valid keys: column
}

// settings parses the YAML of a step's settings.
func settings(src string) *yaml.Node {
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		panic(err)
	}
	return &doc
}
