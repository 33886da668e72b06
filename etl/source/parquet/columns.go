package parquetsource

import (
	"fmt"
	"strings"

	"github.com/parquet-go/parquet-go"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// field is one top-level column read: its name, its first leaf column in
// a parquet.Row, and how its value is made: leaf for a primitive column,
// nested (compact JSON text) for a group, list, map or repeated one.
type field struct {
	name   string
	first  int // leaf column index
	leaves int
	leaf   leafFunc
	nested *assembler
	schema Field // what Schema says of it
}

// setColumns picks the top-level columns of schema that Options.Columns
// names (all, in schema order, by default) and prepares their decoding.
// An unknown name, or a column of a type the source cannot read, is an
// error wrapping source.ErrHeader.
func (s *Parquet) setColumns(schema *parquet.Schema) error {
	all := map[string]field{}
	var names []string
	first := 0
	for _, f := range schema.Fields() {
		fd, err := newField(f, first)
		if err != nil {
			return fmt.Errorf("%w: %w", source.ErrHeader, err)
		}
		all[f.Name()], names = fd, append(names, f.Name())
		first += fd.leaves
	}
	s.leaves = first
	want := s.opts.Columns
	if len(want) == 0 {
		want = names
	}
	s.fields = s.fields[:0]
	for _, n := range want {
		fd, ok := all[n]
		if !ok {
			return fmt.Errorf("%w: the file has no column %q (its columns: %s); fix the columns of the source", source.ErrHeader, n, strings.Join(names, ", "))
		}
		s.fields = append(s.fields, fd)
	}
	cols, err := etl.NewColumns(want...)
	if err != nil {
		return fmt.Errorf("%w: %w", source.ErrHeader, err)
	}
	s.cols = cols
	return nil
}

// newField prepares the decoding of the top-level column f, whose first
// leaf column is first.
func newField(f parquet.Field, first int) (field, error) {
	fd := field{name: f.Name(), first: first, leaves: leafCount(f), schema: schemaOf(f)}
	if f.Leaf() && !f.Repeated() {
		leaf, err := newLeaf(f, f.Name())
		fd.leaf = leaf
		return fd, err
	}
	a, err := newAssembler(f)
	fd.nested = a
	return fd, err
}

// leafCount returns how many leaf columns n has (1 for a leaf).
func leafCount(n parquet.Node) int {
	if n.Leaf() {
		return 1
	}
	c := 0
	for _, f := range n.Fields() {
		c += leafCount(f)
	}
	return c
}
