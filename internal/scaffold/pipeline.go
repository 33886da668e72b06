package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/etl/transform"
)

// defaultBatchSize is the batch_size of a scaffolded pipeline.
const defaultBatchSize = 10000

// pipelineEntry returns the pipeline that loads the file into the model:
// every column mapped from its source name, nullif steps, a validate
// step per key, a cast per typed column; upsert on the keys, else append.
// A typed column whose sample wrote NA, NULL and the like for "no value"
// gets a nullif step clearing them; with emptyIsNull (JSON files, which
// write "" where a CSV file has an empty field), every typed column's
// nullif step makes "" NULL too, as the sample was read. Columns clearing
// the same texts share one step.
func pipelineEntry(m Model, src *yaml.Node, emptyIsNull bool) *yaml.Node {
	var keys, columns []*yaml.Node
	steps := nullIfSteps(m.Fields, emptyIsNull)
	for i := range m.Fields {
		f := &m.Fields[i]
		if f.Source == "" {
			continue
		}
		columns = append(columns, scalar(f.Column), scalar(f.Source))
		if f.Key {
			keys = append(keys, scalar(f.Column))
			steps = append(steps, step("validate", scalar("column"), scalar(f.Column), scalar("not_null"), typed("true", "!!bool")))
		}
	}
	for i := range m.Fields {
		if f := &m.Fields[i]; f.Cast != nil {
			steps = append(steps, castStep(f.Column, f.Cast))
		}
	}
	body := []*yaml.Node{scalar("source"), src, scalar("target"), scalar(m.Table), scalar("mode")}
	if len(keys) > 0 {
		body = append(body, scalar("upsert"), scalar("keys"), flowSeq(keys))
	} else {
		body = append(body, scalar("append"))
	}
	body = append(body, scalar("columns"), mappingNode(false, columns))
	if len(steps) > 0 {
		body = append(body, scalar("steps"), &yaml.Node{Kind: yaml.SequenceNode, Tag: seqTag, Content: steps})
	}
	body = append(body, scalar("batch_size"), typed(strconv.Itoa(defaultBatchSize), "!!int"))
	return mappingNode(false, body)
}

// nullIfSteps returns one nullif step per set of texts that typed
// columns clear, in the order of the fields; values is left out when it
// is the default, [""].
func nullIfSteps(fields []Field, emptyIsNull bool) []*yaml.Node {
	var order []string
	cols := map[string][]*yaml.Node{}
	vals := map[string][]string{}
	for i := range fields {
		f := &fields[i]
		if f.Source == "" || f.Cast == nil {
			continue
		}
		var values []string
		if emptyIsNull {
			values = append(values, "")
		}
		values = append(values, f.NullValues...)
		if len(values) == 0 {
			continue
		}
		k := strings.Join(values, "\x00")
		if _, ok := cols[k]; !ok {
			order, vals[k] = append(order, k), values
		}
		cols[k] = append(cols[k], scalar(f.Column))
	}
	steps := make([]*yaml.Node, 0, len(order))
	for _, k := range order {
		settings := []*yaml.Node{scalar("columns"), flowSeq(cols[k])}
		if v := vals[k]; len(v) > 1 || v[0] != "" {
			var vs []*yaml.Node
			for _, s := range v {
				vs = append(vs, scalar(s))
			}
			settings = append(settings, scalar("values"), flowSeq(vs))
		}
		steps = append(steps, step("nullif", settings...))
	}
	return steps
}

// step returns `- name: {settings}`.
func step(name string, settings ...*yaml.Node) *yaml.Node {
	return mappingNode(false, []*yaml.Node{scalar(name), mappingNode(true, settings)})
}

// castStep returns `- cast: {...}` with the settings c has.
func castStep(column string, c *transform.CastConfig) *yaml.Node {
	s := []*yaml.Node{scalar("column"), scalar(column), scalar("to"), scalar(c.To)}
	if c.Format != "" {
		s = append(s, scalar("format"), scalar(c.Format))
	}
	if c.Unit != "" {
		s = append(s, scalar("unit"), scalar(c.Unit))
	}
	if c.Scale != nil {
		s = append(s, scalar("scale"), typed(strconv.Itoa(int(*c.Scale)), "!!int"))
	}
	return step("cast", s...)
}

// pipelineFile is the pipeline file's text and where its pipelines are.
type pipelineFile struct {
	lines []string
	// indent is the indentation of the pipeline names.
	indent int
	// end is the line (from 0) after the last one of the pipelines
	// mapping, comments that follow it excluded.
	end int
	// entry is the range of lines of the pipeline being scaffolded, if
	// the file has it (start < 0: it has not).
	start, stop int
}

// readPipelines reads the pipeline file at path (missing: empty) and
// finds where the pipeline name goes.
func readPipelines(path, name string) (*pipelineFile, error) {
	body, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		body = nil
	} else if err != nil {
		return nil, fmt.Errorf("reading the pipeline file: %w", err)
	}
	text := strings.TrimRight(string(body), "\n")
	pf := &pipelineFile{indent: 2, start: -1}
	if text != "" {
		pf.lines = strings.Split(text, "\n")
	}
	var root yaml.Node
	if err := yaml.Unmarshal(body, &root); err != nil {
		return nil, fmt.Errorf("%s: %w; fix it before scaffolding", path, err)
	}
	if err := pf.locate(&root, name); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pf, nil
}

// locate finds the pipelines mapping and the entry called name in it.
func (pf *pipelineFile) locate(root *yaml.Node, name string) error {
	if len(root.Content) == 0 {
		pf.lines = append(pf.lines, "pipelines:")
		pf.end = len(pf.lines)
		return nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return errors.New("the file is not a mapping with a top-level `pipelines:` key")
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "pipelines" {
			continue
		}
		next := len(pf.lines)
		if i+2 < len(doc.Content) {
			next = doc.Content[i+2].Line - 1
		}
		return pf.locateIn(doc.Content[i], doc.Content[i+1], next, name)
	}
	pf.lines = append(pf.lines, "pipelines:")
	pf.end = len(pf.lines)
	return nil
}

// locateIn finds the entry called name in the pipelines mapping ps, whose
// key is key and which ends before line next (from 0).
func (pf *pipelineFile) locateIn(key, ps *yaml.Node, next int, name string) error {
	switch {
	case ps.Kind == yaml.ScalarNode && ps.Tag == "!!null" && ps.Line == key.Line:
		pf.end = key.Line
		return nil
	case ps.Kind != yaml.MappingNode || ps.Style == yaml.FlowStyle:
		return errors.New("`pipelines:` is not a block mapping of pipeline names; add the pipeline by hand")
	}
	pf.end = pf.trimBack(next)
	if len(ps.Content) > 0 {
		pf.indent = ps.Content[0].Column - 1
	}
	for j := 0; j+1 < len(ps.Content); j += 2 {
		if ps.Content[j].Value != name {
			continue
		}
		pf.start, pf.stop = ps.Content[j].Line-1, pf.end
		if j+2 < len(ps.Content) {
			pf.stop = pf.trimBack(ps.Content[j+2].Line - 1)
		}
	}
	return nil
}

// trimBack returns the line before which the blank and comment lines
// that end at line i start: they belong to what follows.
func (pf *pipelineFile) trimBack(i int) int {
	for i > 0 {
		l := strings.TrimSpace(pf.lines[i-1])
		if l != "" && !strings.HasPrefix(l, "#") {
			break
		}
		i--
	}
	return i
}

// with returns the file's text with the entry in place of the one named
// alike, or added after the last pipeline.
func (pf *pipelineFile) with(name string, entry *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(mappingNode(false, []*yaml.Node{scalar(name), entry})); err != nil {
		return nil, fmt.Errorf("writing the pipeline %s: %w", name, err)
	}
	var add []string
	for _, l := range strings.Split(strings.TrimRight(buf.String(), "\n"), "\n") {
		add = append(add, strings.Repeat(" ", pf.indent)+l)
	}
	at, stop := pf.end, pf.end
	if pf.start >= 0 {
		at, stop = pf.start, pf.stop
	} else if at > 0 && strings.TrimSpace(pf.lines[at-1]) != "pipelines:" {
		add = append([]string{""}, add...)
	}
	out := append(append(append([]string{}, pf.lines[:at]...), add...), pf.lines[stop:]...)
	return []byte(strings.Join(out, "\n") + "\n"), nil
}

// checkPipelines parses the new pipeline file as `loader run` does and
// checks it holds the pipeline.
func checkPipelines(body []byte, name string) error {
	f, err := spec.Parse(body, func(string) string { return "set" })
	if err != nil {
		return fmt.Errorf("the pipeline file with %s added does not parse (nothing was written): %w", name, err)
	}
	if _, ok := f.Pipelines[name]; !ok {
		return fmt.Errorf("the pipeline file with %s added lacks it (nothing was written); add the pipeline by hand", name)
	}
	return nil
}
