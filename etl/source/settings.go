package source

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Decode decodes the settings of a source of the given kind into out, a
// pointer to a struct with yaml tags. A key that is not one of the tags is
// an error naming it, its line and the valid keys; type errors keep yaml's
// line numbers, on one line. Absent or null settings leave out as it is.
func (p Params) Decode(kind string, out any) error {
	n := p.Settings
	if n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil || n.Kind == 0 || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: the %s source takes a mapping of settings (key: value)", n.Line, kind)
	}
	valid := settingKeys(reflect.TypeOf(out).Elem())
	for i := 0; i+1 < len(n.Content); i += 2 {
		if key := n.Content[i]; key.Tag != "!!merge" && !slices.Contains(valid, key.Value) {
			return fmt.Errorf("line %d: unknown key %q in the %s source; valid keys: %s", key.Line, key.Value, kind, strings.Join(valid, ", "))
		}
	}
	if err := n.Decode(out); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return fmt.Errorf("%s source: %s", kind, strings.Join(te.Errors, "; "))
		}
		return fmt.Errorf("%s source: %w", kind, err)
	}
	return nil
}

// settingKeys lists the yaml tags of the exported fields of struct t.
func settingKeys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); f.IsExported() && tag != "-" && tag != "" {
			keys = append(keys, tag)
		}
	}
	return keys
}
