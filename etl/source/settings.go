package source

import "github.com/warehouse-loader/loader/internal/yamlstrict"

// Decode decodes the settings of a source of the given kind into out, a
// pointer to a struct with yaml tags. A key that is not one of the tags is
// an error naming it, its line and the valid keys; type errors keep yaml's
// line numbers, on one line. Absent or null settings leave out as it is.
func (p Params) Decode(kind string, out any) error {
	return yamlstrict.Decode(p.Settings, out, "the "+kind+" source", kind+" source")
}
