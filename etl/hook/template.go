package hook

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
)

// value is a part of a templated YAML value (a webhook's body, a DAG
// run's conf): every string is a text/template over the etl.RunEvent,
// other scalars stay as they are.
type value interface {
	render(e etl.RunEvent) (any, error)
}

type literal struct{ v any }

func (l literal) render(etl.RunEvent) (any, error) { return l.v, nil }

type text struct{ t *template.Template }

func (t text) render(e etl.RunEvent) (any, error) {
	var b bytes.Buffer
	if err := t.t.Execute(&b, e); err != nil {
		return nil, err
	}
	return b.String(), nil
}

type mapping struct {
	keys []string
	vals []value
}

func (m mapping) render(e etl.RunEvent) (any, error) { return m.renderMap(e) }

// renderMap renders the mapping as a JSON object.
func (m mapping) renderMap(e etl.RunEvent) (map[string]any, error) {
	out := make(map[string]any, len(m.keys))
	for i, k := range m.keys {
		v, err := m.vals[i].render(e)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

type sequence []value

func (s sequence) render(e etl.RunEvent) (any, error) {
	out := make([]any, len(s))
	for i, v := range s {
		r, err := v.render(e)
		if err != nil {
			return nil, err
		}
		out[i] = r
	}
	return out, nil
}

// sample is the event templates are tried on when they are compiled, so
// that a field that does not exist is a settings error, not a failed hook.
var sample = etl.RunEvent{RunID: 1, Pipeline: "p", Status: etl.RunSucceeded, StartedAt: time.Unix(0, 0).UTC(), FinishedAt: time.Unix(1, 0).UTC()}

// compileMapping compiles the mapping n (absent: nil) at key path.
func compileMapping(n *yaml.Node, path string) (*mapping, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind == 0 || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: %s is a mapping (key: value), like `%s: {text: \"{{.Pipeline}} {{.Status}}\"}`", n.Line, path, path)
	}
	m, err := compileMap(n, path)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// compileMap compiles the mapping node n.
func compileMap(n *yaml.Node, path string) (mapping, error) {
	var m mapping
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i].Value
		v, err := compile(n.Content[i+1], path+"."+k)
		if err != nil {
			return mapping{}, err
		}
		m.keys, m.vals = append(m.keys, k), append(m.vals, v)
	}
	return m, nil
}

// compile compiles n, found at key path.
func compile(n *yaml.Node, path string) (value, error) {
	switch n.Kind {
	case yaml.AliasNode:
		return compile(n.Alias, path)
	case yaml.MappingNode:
		return compileMap(n, path)
	case yaml.SequenceNode:
		s := make(sequence, len(n.Content))
		for i, c := range n.Content {
			v, err := compile(c, fmt.Sprintf("%s[%d]", path, i))
			if err != nil {
				return nil, err
			}
			s[i] = v
		}
		return s, nil
	}
	if n.ShortTag() == "!!str" && strings.Contains(n.Value, "{{") {
		return compileText(n, path)
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %s: %w", n.Line, path, err)
	}
	return literal{v}, nil
}

// compileText parses a string as a template and tries it on sample.
func compileText(n *yaml.Node, path string) (value, error) {
	t, err := template.New(path).Option("missingkey=error").Parse(n.Value)
	if err == nil {
		_, err = text{t}.render(sample)
	}
	if err != nil {
		return nil, fmt.Errorf("line %d: %s is not a valid template (%v); use fields of the run like {{.Pipeline}}, {{.Status}}, {{.Loaded}}", n.Line, path, err)
	}
	return text{t}, nil
}
