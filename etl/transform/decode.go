package transform

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// decodeStrict decodes the settings of the step called name into out, a
// pointer to a config struct. Every key of the mapping must be one of the
// struct's yaml tags; an unknown key is an error naming it, its line and
// the valid keys. Type errors keep yaml's line numbers, on one line.
func decodeStrict(name string, node *yaml.Node, out any) error {
	node = settings(node)
	if node == nil {
		return nil
	}
	if node.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: %s takes a mapping of settings (key: value)", node.Line, name)
	}
	valid := yamlKeys(reflect.TypeOf(out).Elem())
	for i := 0; i < len(node.Content); i += 2 {
		key := node.Content[i]
		if !slices.Contains(valid, key.Value) {
			return unknownKey(name, key, valid)
		}
	}
	if err := node.Decode(out); err != nil {
		return fmt.Errorf("%s: %s", name, oneLine(err))
	}
	return nil
}

func unknownKey(name string, key *yaml.Node, valid []string) error {
	if len(valid) == 0 {
		return fmt.Errorf("line %d: unknown key %q in %s; it takes no settings", key.Line, key.Value, name)
	}
	return fmt.Errorf("line %d: unknown key %q in %s; valid keys: %s", key.Line, key.Value, name, strings.Join(valid, ", "))
}

// settings unwraps a document node and maps an absent or null node to nil.
func settings(node *yaml.Node) *yaml.Node {
	if node != nil && node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	if node == nil || node.Kind == 0 || (node.Kind == yaml.ScalarNode && node.Tag == "!!null") {
		return nil
	}
	return node
}

// yamlKeys lists the yaml keys of struct type t, in field order.
func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = strings.ToLower(f.Name)
		}
		keys = append(keys, name)
	}
	return keys
}

// oneLine joins yaml's multi-line type errors into one line.
func oneLine(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}
