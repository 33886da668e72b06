package parquetsource

import (
	"fmt"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// jkind is how a nested node is written as JSON.
type jkind int

const (
	jleaf  jkind = iota // a value
	jgroup              // an object of its fields
	jlist               // an array of item (a LIST, or a repeated field)
	jmap                // an object of key: value (a MAP)
)

// jnode is a node of a nested column's schema, prepared for writing its
// values as JSON. A repeated node is an array of itself, not repeated.
type jnode struct {
	name               string
	kind               jkind
	optional, repeated bool
	leaves             int
	leaf               leafFunc
	fields             []*jnode // jgroup
	item               *jnode   // jlist: the element; jmap: the key, fields[0] the value
}

// newJNode prepares the node n (a column named path in messages).
func newJNode(n parquet.Node, name, path string) (*jnode, error) {
	j := &jnode{name: name, optional: n.Optional(), repeated: n.Repeated(), leaves: leafCount(n)}
	var err error
	switch {
	case n.Leaf():
		j.kind = jleaf
		j.leaf, err = newLeaf(n, path)
	case isLogical[*format.ListType](n) && len(n.Fields()) == 1 && n.Fields()[0].Repeated():
		j.kind = jlist
		j.item, err = listItem(n.Fields()[0], path)
	case isLogical[*format.MapType](n) && len(n.Fields()) == 1 && n.Fields()[0].Repeated() && len(n.Fields()[0].Fields()) == 2:
		kv := n.Fields()[0].Fields()
		j.kind = jmap
		if j.item, err = newJNode(kv[0], kv[0].Name(), path+".key"); err == nil {
			var v *jnode
			v, err = newJNode(kv[1], kv[1].Name(), path+".value")
			j.fields = []*jnode{v}
		}
	default:
		j.kind = jgroup
		for _, f := range n.Fields() {
			c, ferr := newJNode(f, f.Name(), path+"."+f.Name())
			if ferr != nil {
				return nil, ferr
			}
			j.fields = append(j.fields, c)
		}
	}
	return j, err
}

// listItem returns the element of a LIST whose repeated child is r: in the
// standard three-level form, r's only field; in the legacy two-level one
// (r is not a one-field group, or is named "array" or "*_tuple"), r itself,
// its repetition taken by the list.
func listItem(r parquet.Node, path string) (*jnode, error) {
	fs := r.Fields()
	if !r.Leaf() && len(fs) == 1 && r.Type().LogicalType() == nil {
		if name := fs[0].Name(); name != "array" {
			return newJNode(fs[0], name, path)
		}
	}
	j, err := newJNode(r, "element", path)
	if j != nil {
		j.optional, j.repeated = false, false
	}
	return j, err
}

// isLogical reports whether n's logical type is a T.
func isLogical[T format.LogicalTypeValue](n parquet.Node) bool {
	lt := n.Type().LogicalType()
	if lt == nil {
		return false
	}
	_, ok := lt.Value.(T)
	return ok
}

// assembler writes the values of a nested top-level column as compact
// JSON text.
type assembler struct {
	root *jnode
	cols [][]parquet.Value
	buf  []byte
}

// newAssembler prepares the top-level column f.
func newAssembler(f parquet.Field) (*assembler, error) {
	root, err := newJNode(f, f.Name(), f.Name())
	if err != nil {
		return nil, err
	}
	return &assembler{root: root, cols: make([][]parquet.Value, root.leaves)}, nil
}

// json returns the column's value in a row: vals are its values, whose
// leaf columns start at starts (offsets in the row; vals starts at
// starts[0]). A NULL top-level value is nil.
func (a *assembler) json(vals []parquet.Value, starts []int) (any, error) {
	for i := range a.cols {
		a.cols[i] = vals[starts[i]-starts[0] : starts[i+1]-starts[0]]
	}
	if a.root.optional && a.cols[0][0].DefinitionLevel() == 0 {
		return nil, nil
	}
	var err error
	a.buf, err = a.write(a.buf[:0], a.root, levels{}, a.cols)
	if err != nil {
		return nil, fmt.Errorf("column %s: %w", a.root.name, err)
	}
	return string(a.buf), nil
}
