package spec

import (
	"fmt"
	"regexp"

	"go.yaml.in/yaml/v3"
)

var envRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expansion is what replacing the file's ${NAME} references found: every
// value used (any may be a secret), the values each pipeline's body
// references, and the error of each pipeline that references a variable
// that is not set.
type expansion struct {
	all   []string
	own   map[string][]string
	unset map[string]error
}

// expanded is what expanding one scalar gave, kept so that a scalar
// reached twice (through an alias) is expanded once and tells every
// pipeline that reaches it the same.
type expanded struct {
	values []string
	err    error
}

// expandFile replaces ${NAME} in every scalar of the file with the
// variable's value. An unset or empty variable in a pipeline's body (or in
// a node it aliases) makes only that pipeline unusable: its body is
// dropped, so no value is decoded from it, and Build returns the error.
// Elsewhere, in a pipeline's name say, it is an error.
func expandFile(root *yaml.Node, getenv func(string) string) (expansion, error) {
	x := expansion{own: map[string][]string{}, unset: map[string]error{}}
	memo := map[*yaml.Node]*expanded{}
	bodies := map[*yaml.Node]bool{}
	var broken []*yaml.Node
	var nameErr error
	eachPipeline(root, func(name, body *yaml.Node) {
		if err := expandNode(name, getenv, memo, &x.all); err != nil && nameErr == nil {
			nameErr = err
		}
		bodies[body] = true
		var own []string
		err := expandNode(body, getenv, memo, &own)
		x.all = append(x.all, own...)
		x.own[name.Value] = own
		if err != nil {
			x.unset[name.Value] = err
			broken = append(broken, body)
		}
	})
	if nameErr != nil {
		return x, nameErr
	}
	if err := expandOutside(root, bodies, getenv, memo, &x.all); err != nil {
		return x, err
	}
	for _, b := range broken {
		*b = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: b.Line, Column: b.Column}
	}
	return x, nil
}

// expandOutside expands the scalars of n that are not in a pipeline's body.
func expandOutside(n *yaml.Node, skip map[*yaml.Node]bool, getenv func(string) string, memo map[*yaml.Node]*expanded, values *[]string) error {
	if skip[n] {
		return nil
	}
	if n.Kind == yaml.ScalarNode {
		return expandNode(n, getenv, memo, values)
	}
	for _, c := range n.Content {
		if err := expandOutside(c, skip, getenv, memo, values); err != nil {
			return err
		}
	}
	return nil
}

// expandNode expands every scalar under n, aliases followed, appending the
// values used to values. It goes on past an unset variable and returns
// the first such error, naming the variable and its line.
func expandNode(n *yaml.Node, getenv func(string) string, memo map[*yaml.Node]*expanded, values *[]string) error {
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias != nil {
			return expandNode(n.Alias, getenv, memo, values)
		}
		return nil
	case yaml.ScalarNode:
		e, ok := memo[n]
		if !ok {
			e = expandScalar(n, getenv)
			memo[n] = e
		}
		*values = append(*values, e.values...)
		return e.err
	}
	var first error
	for _, c := range n.Content {
		if err := expandNode(c, getenv, memo, values); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// expandScalar replaces the references of one scalar.
func expandScalar(n *yaml.Node, getenv func(string) string) *expanded {
	e := &expanded{}
	var missing string
	n.Value = envRef.ReplaceAllStringFunc(n.Value, func(ref string) string {
		name := envRef.FindStringSubmatch(ref)[1]
		v := getenv(name)
		if v == "" && missing == "" {
			missing = name
		}
		e.values = append(e.values, v)
		return v
	})
	if missing != "" {
		e.err = fmt.Errorf("%w: line %d: environment variable %s is not set; export it or remove the reference", ErrInvalid, n.Line, missing)
	}
	return e
}
