package parquetsource

import (
	"github.com/parquet-go/parquet-go"
)

// levels are the definition level reached and the repetition depth of a
// node's values.
type levels struct{ def, rep int }

// write appends the JSON of node n's value, whose leaf columns' values
// are cols (those of this one value).
func (a *assembler) write(b []byte, n *jnode, lv levels, cols [][]parquet.Value) ([]byte, error) {
	if n.optional {
		lv.def++
		if cols[0][0].DefinitionLevel() < lv.def {
			return append(b, "null"...), nil
		}
	}
	if n.repeated {
		return a.items(b, lv, cols, '[', func(b []byte, lv levels, item [][]parquet.Value) ([]byte, error) {
			return a.body(b, n, lv, item)
		})
	}
	return a.body(b, n, lv, cols)
}

// body appends the JSON of n's present value: n's optional and repeated
// levels are accounted for in lv.
func (a *assembler) body(b []byte, n *jnode, lv levels, cols [][]parquet.Value) ([]byte, error) {
	switch n.kind {
	case jleaf:
		if cols[0][0].IsNull() {
			return append(b, "null"...), nil
		}
		v, err := n.leaf(cols[0][0])
		if err != nil {
			return b, err
		}
		return appendJSON(b, v), nil
	case jlist:
		return a.items(b, lv, cols, '[', func(b []byte, lv levels, item [][]parquet.Value) ([]byte, error) {
			return a.write(b, n.item, lv, item)
		})
	case jmap:
		return a.items(b, lv, cols, '{', func(b []byte, lv levels, item [][]parquet.Value) ([]byte, error) {
			return a.entry(b, n, lv, item)
		})
	}
	b = append(b, '{')
	off := 0
	for i, f := range n.fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, f.name)
		b = append(b, ':')
		var err error
		if b, err = a.write(b, f, lv, cols[off:off+f.leaves]); err != nil {
			return b, err
		}
		off += f.leaves
	}
	return append(b, '}'), nil
}

// entry appends one "key":value of a map.
func (a *assembler) entry(b []byte, n *jnode, lv levels, cols [][]parquet.Value) ([]byte, error) {
	k := n.item
	key, err := a.write(nil, k, lv, cols[:k.leaves])
	if err != nil {
		return b, err
	}
	if len(key) > 0 && key[0] == '"' {
		b = append(b, key...)
	} else {
		b = appendString(b, string(key))
	}
	b = append(b, ':')
	return a.write(b, n.fields[0], lv, cols[k.leaves:])
}

// items appends the items of a repeated level, one level below lv, as a
// JSON array (open '[') or object (open '{'), each written by item.
func (a *assembler) items(b []byte, lv levels, cols [][]parquet.Value, open byte, item func([]byte, levels, [][]parquet.Value) ([]byte, error)) ([]byte, error) {
	lv.def++
	lv.rep++
	b = append(b, open)
	if cols[0][0].DefinitionLevel() >= lv.def {
		pos := make([]int, len(cols))
		one := make([][]parquet.Value, len(cols))
		for i := 0; pos[0] < len(cols[0]); i++ {
			for c, vals := range cols {
				end := pos[c] + 1
				for end < len(vals) && vals[end].RepetitionLevel() > lv.rep {
					end++
				}
				one[c], pos[c] = vals[pos[c]:end], end
			}
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = item(b, lv, one); err != nil {
				return b, err
			}
		}
	}
	if open == '{' {
		return append(b, '}'), nil
	}
	return append(b, ']'), nil
}
