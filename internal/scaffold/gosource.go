package scaffold

import (
	"bytes"
	"fmt"
	"go/format"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Model is what the Go file of a scaffolded model declares.
type Model struct {
	// Type is the struct's name, Table its table's.
	Type, Table string
	// From is the sample file, as the user named it.
	From   string
	Fields []Field
}

// GoSource returns the model's Go file, gofmt-formatted: the struct, its
// TableName method and the init function that registers it in
// models.All.
func (m Model) GoSource() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("package models\n\n")
	writeImports(&b, m.Fields)
	fmt.Fprintf(&b, "// %s is the table %s, written by `loader scaffold %s` from\n// %s. Edit it freely, with a migration for each change\n// (`loader migrate check` shows where model and tables differ).\n",
		m.Type, m.Table, m.Table, m.From)
	fmt.Fprintf(&b, "type %s struct {\n", m.Type)
	for i := range m.Fields {
		f := &m.Fields[i]
		if c := f.comment(); c != "" {
			fmt.Fprintf(&b, "\t// %s\n", c)
		}
		fmt.Fprintf(&b, "\t%s %s `%s`\n", f.Name, f.Type, f.tag())
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "// TableName pins the table name.\nfunc (%s) TableName() string { return %s }\n\n", m.Type, strconv.Quote(m.Table))
	fmt.Fprintf(&b, "func init() { Register(&%s{}) }\n", m.Type)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("formatting the model %s: %w", m.Type, err)
	}
	return src, nil
}

// comment is the field's doc comment.
func (f Field) comment() string {
	switch {
	case f.Comment != "":
		return f.Comment
	case f.Source != "" && !strings.EqualFold(f.Source, f.Column):
		return fmt.Sprintf("%s is read from %s.", f.Name, strconv.Quote(f.Source))
	}
	return ""
}

// writeImports writes the import declaration the fields' types need.
func writeImports(b *bytes.Buffer, fields []Field) {
	var std, other []string
	for i := range fields {
		t := fields[i].Type
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch p := t.PkgPath(); p {
		case "":
		case "time":
			std = appendNew(std, p)
		default:
			other = appendNew(other, p)
		}
	}
	if len(std)+len(other) == 0 {
		return
	}
	b.WriteString("import (\n")
	for _, p := range std {
		fmt.Fprintf(b, "\t%q\n", p)
	}
	if len(std) > 0 && len(other) > 0 {
		b.WriteString("\n")
	}
	for _, p := range other {
		fmt.Fprintf(b, "\t%q\n", p)
	}
	b.WriteString(")\n\n")
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
