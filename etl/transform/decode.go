package transform

import (
	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/internal/yamlstrict"
)

// decodeStrict decodes the settings of the step called name into out, a
// pointer to a config struct. Every key of the mapping must be one of the
// struct's yaml tags; an unknown key is an error naming it, its line and
// the valid keys. Type errors keep yaml's line numbers, on one line.
func decodeStrict(name string, node *yaml.Node, out any) error {
	return yamlstrict.Decode(node, out, name, name)
}
