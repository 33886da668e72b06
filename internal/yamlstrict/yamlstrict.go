// Package yamlstrict decodes settings from a YAML node strictly: every key
// must be one of the target struct's yaml keys, and errors name the line.
// Sources and steps both decode their settings with it, so a misspelt key
// reads the same wherever it is.
package yamlstrict

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Decode decodes node into out, a pointer to a struct. A document or alias
// node is unwrapped first; an absent or null node leaves out as it is.
// owner names what the settings belong to in messages about the mapping
// ("the csv source", "dedupe"):
//
//	line 3: dedupe takes a mapping of settings (key: value)
//	line 4: unknown key "colum" in dedupe; valid keys: columns, keep
//
// Merge keys (<<) are left to yaml. Decoding errors are prefixed with
// prefix and keep yaml's line numbers, on one line.
func Decode(node *yaml.Node, out any, owner, prefix string) error {
	node = unwrap(node)
	if node == nil {
		return nil
	}
	if node.Kind != yaml.MappingNode {
		return fmt.Errorf("line %d: %s takes a mapping of settings (key: value)", node.Line, owner)
	}
	valid := Keys(reflect.TypeOf(out).Elem())
	for i := 0; i+1 < len(node.Content); i += 2 {
		if key := node.Content[i]; key.Tag != "!!merge" && !slices.Contains(valid, key.Value) {
			return unknownKey(owner, key, valid)
		}
	}
	if err := node.Decode(out); err != nil {
		return decodeErr(prefix, err)
	}
	return nil
}

// unwrap unwraps a document or alias node and maps an absent or null node
// to nil.
func unwrap(node *yaml.Node) *yaml.Node {
	if node != nil && node.Kind == yaml.DocumentNode && len(node.Content) == 1 {
		node = node.Content[0]
	}
	if node != nil && node.Kind == yaml.AliasNode {
		node = node.Alias
	}
	if node == nil || node.Kind == 0 || (node.Kind == yaml.ScalarNode && node.Tag == "!!null") {
		return nil
	}
	return node
}

func unknownKey(owner string, key *yaml.Node, valid []string) error {
	if len(valid) == 0 {
		return fmt.Errorf("line %d: unknown key %q in %s; it takes no settings", key.Line, key.Value, owner)
	}
	return fmt.Errorf("line %d: unknown key %q in %s; valid keys: %s", key.Line, key.Value, owner, strings.Join(valid, ", "))
}

// decodeErr puts yaml's (multi-line) type errors on one line; an error of
// an UnmarshalYAML method stays wrapped, so errors.Is works on it.
func decodeErr(prefix string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%s: %s", prefix, strings.Join(te.Errors, "; "))
	}
	if msg, ok := strings.CutPrefix(err.Error(), "yaml: "); ok {
		return fmt.Errorf("%s: %s", prefix, msg)
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// Keys lists the yaml keys of the exported fields of struct type t, in
// field order: the name in the field's yaml tag, or the field's name in
// lower case (as yaml does) when the tag gives none; the keys of a struct
// field tagged ",inline" in its place.
func Keys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if opts == "inline" && f.Type.Kind() == reflect.Struct {
			keys = append(keys, Keys(f.Type)...)
			continue
		}
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
