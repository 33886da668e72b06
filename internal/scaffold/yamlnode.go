package scaffold

import "go.yaml.in/yaml/v3"

// scalar returns a plain scalar node.
func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

// typed returns a scalar node of a YAML tag (!!int, !!bool).
func typed(v, tag string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v} }

// mapping returns a mapping of string keys and values (key, value, …),
// in flow style ({k: v}) when flow is set.
func mapping(flow bool, kv ...string) *yaml.Node {
	nodes := make([]*yaml.Node, len(kv))
	for i, s := range kv {
		nodes[i] = scalar(s)
	}
	return mappingNode(flow, nodes)
}

// mappingNode returns a mapping of the nodes (key, value, …).
func mappingNode(flow bool, kv []*yaml.Node) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: kv}
	if flow {
		n.Style = yaml.FlowStyle
	}
	return n
}

// seqTag is the YAML tag of sequences.
const seqTag = "!!seq"

// flowSeq returns the sequence `[a, b]`.
func flowSeq(items []*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Tag: seqTag, Style: yaml.FlowStyle, Content: items}
}
