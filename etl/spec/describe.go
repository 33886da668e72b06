package spec

import (
	"net/url"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// Description is what a pipeline reads and writes, safe to show on a page
// or in an API response: no value taken from the environment (${NAME},
// perhaps a secret) and no URL credentials appear in it.
type Description struct {
	Name string `json:"name"`
	// Source is the source's kind (csv, sql, http, …) and Input what it
	// reads (a path, table, collection, queue or topic), when the file
	// says so in plain text.
	Source string `json:"source"`
	Input  string `json:"input,omitempty"`
	Target string `json:"target"`
	Mode   string `json:"mode"`
}

// inputKeys are the source settings shown as a pipeline's input, the
// first one set.
var inputKeys = []string{"path", "table", "collection", "queue", "topic", "url"}

// Describe returns what pipeline name reads and writes; ok is false when
// the file has no such pipeline.
func (f *File) Describe(name string) (d Description, ok bool) {
	ps, ok := f.Pipelines[name]
	if !ok || ps == nil {
		return Description{Name: name}, ok
	}
	d = Description{Name: name, Target: ps.Target, Mode: orDefault(ps.Mode, "append")}
	src := &ps.Source
	if src.Kind != 0 && len(src.Content) == 2 {
		d.Source = src.Content[0].Value
		settings := src.Content[1]
		for _, key := range inputKeys {
			for i := 0; i+1 < len(settings.Content); i += 2 {
				if settings.Content[i].Value == key && d.Input == "" {
					d.Input = f.shown(settings.Content[i+1].Value)
				}
			}
		}
	}
	return d, true
}

// shown is v as it may be shown: "" when it holds a value taken from the
// environment, without credentials when it is a URL.
func (f *File) shown(v string) string {
	for _, x := range f.expanded {
		if x != "" && strings.Contains(v, x) {
			return ""
		}
	}
	if u, err := url.Parse(v); err == nil && u.Scheme != "" && u.Host != "" {
		u.User = nil
		u.RawQuery = ""
		u.Fragment = ""
		return u.String()
	}
	return v
}

// Mask returns text with every value taken from the environment by the
// file's ${NAME} references (any may be a secret) replaced by ***.
func (f *File) Mask(text string) string { return etl.Mask(text, f.expanded) }
