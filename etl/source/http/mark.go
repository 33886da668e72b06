package httpsource

import (
	"fmt"
	"slices"
	"strconv"
)

// mark is a high-water mark: the highest cursor value seen and the
// hashes of the records that have exactly it (the edge), so a run that
// asks for values from the mark on (inclusive) can tell the records at
// the mark it already loaded from new ones sharing their value.
type mark struct {
	max  value
	edge map[uint64]struct{}
	// full tells more records than maxEdge share max: the edge is no
	// longer tracked (an append run that ends so fails its last batch).
	full bool
}

// maxEdge is the most records at a mark whose hashes a checkpoint keeps.
const maxEdge = 10000

// markJSON is a mark as a checkpoint stores it.
type markJSON struct {
	Kind   string   `json:"kind"`
	Layout string   `json:"layout,omitempty"`
	Max    string   `json:"max"`
	Edge   []string `json:"edge,omitempty"`
	Full   bool     `json:"edge_full,omitempty"`
}

// clone returns a copy of m (nil for nil).
func (m *mark) clone() *mark {
	if m == nil {
		return nil
	}
	c := &mark{max: m.max, edge: make(map[uint64]struct{}, len(m.edge)), full: m.full}
	for h := range m.edge {
		c.edge[h] = struct{}{}
	}
	return c
}

// has reports whether a record of hash h is at the edge.
func (m *mark) has(h uint64) bool {
	_, ok := m.edge[h]
	return ok
}

// raise takes v (of the record of hash h) into the mark; track tells
// whether to keep the edge. When more than maxEdge records share the
// maximum, the edge is full: h is not kept, and neither are the others.
func (m *mark) raise(v value, h uint64, track bool) {
	c := v.compare(m.max)
	if c > 0 {
		m.max, m.full = v, false
		clear(m.edge)
	}
	if c < 0 || !track || m.full {
		return
	}
	if _, ok := m.edge[h]; !ok && len(m.edge) >= maxEdge {
		m.full = true
		clear(m.edge)
		return
	}
	m.edge[h] = struct{}{}
}

// store returns m as a checkpoint keeps it (nil for nil).
func (m *mark) store() *markJSON {
	if m == nil {
		return nil
	}
	j := &markJSON{Kind: m.max.kind, Layout: m.max.layout, Max: m.max.text, Full: m.full}
	for h := range m.edge {
		j.Edge = append(j.Edge, strconv.FormatUint(h, 16))
	}
	slices.Sort(j.Edge)
	return j
}

// load returns the mark j stores (nil for nil).
func (j *markJSON) load() (*mark, error) {
	if j == nil {
		return nil, nil
	}
	v, ok := restore(j.Kind, j.Layout, j.Max)
	if !ok {
		return nil, fmt.Errorf("the stored maximum %q is not a %s", j.Max, j.Kind)
	}
	m := &mark{max: v, edge: make(map[uint64]struct{}, len(j.Edge)), full: j.Full}
	for _, e := range j.Edge {
		h, err := strconv.ParseUint(e, 16, 64)
		if err != nil {
			return nil, fmt.Errorf("the stored edge hash %q is not hexadecimal", e)
		}
		m.edge[h] = struct{}{}
	}
	return m, nil
}
