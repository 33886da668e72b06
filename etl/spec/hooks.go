package spec

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/hook"
	"github.com/warehouse-loader/loader/internal/yamlstrict"
)

// hookKinds build the hooks a pipeline's on_success and on_failure lists
// name, by kind, from their settings.
var hookKinds = map[string]func(settings *yaml.Node, o hook.Options) (etl.Hook, error){
	"webhook": func(n *yaml.Node, o hook.Options) (etl.Hook, error) {
		var s hook.WebhookSettings
		if err := yamlstrict.Decode(n, &s, "the webhook hook", "webhook hook"); err != nil {
			return nil, err
		}
		return hook.NewWebhook(s, o)
	},
	"rabbitmq": func(n *yaml.Node, o hook.Options) (etl.Hook, error) {
		var s hook.RabbitMQSettings
		if err := yamlstrict.Decode(n, &s, "the rabbitmq hook", "rabbitmq hook"); err != nil {
			return nil, err
		}
		return hook.NewRabbitMQ(s, o)
	},
	"airflow": func(n *yaml.Node, o hook.Options) (etl.Hook, error) {
		var s hook.AirflowSettings
		if err := yamlstrict.Decode(n, &s, "the airflow hook", "airflow hook"); err != nil {
			return nil, err
		}
		return hook.NewAirflow(s, o)
	},
}

// hookNames lists the hook kinds, sorted.
func hookNames() string {
	names := make([]string, 0, len(hookKinds))
	for k := range hookKinds {
		names = append(names, k)
	}
	slices.Sort(names)
	return strings.Join(names, ", ")
}

// hooks builds the pipeline's on_success and on_failure hooks.
func (f *File) hooks(ps *Pipeline, o Options) (onSuccess, onFailure []etl.Hook, err error) {
	ho := hook.Options{Secrets: f.expanded, Log: o.Log}
	if onSuccess, err = hookList(ps.OnSuccess, ho); err != nil {
		return nil, nil, err
	}
	if onFailure, err = hookList(ps.OnFailure, ho); err != nil {
		return nil, nil, err
	}
	return onSuccess, onFailure, nil
}

func hookList(nodes []yaml.Node, o hook.Options) ([]etl.Hook, error) {
	var out []etl.Hook
	for i := range nodes {
		h, err := buildHook(&nodes[i], o)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}

// buildHook builds one `- kind: {settings}` entry; its errors name a line.
func buildHook(n *yaml.Node, o hook.Options) (etl.Hook, error) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 {
		return nil, fmt.Errorf("line %d: a hook is a one-key mapping like `- webhook: {url: \"https://…\"}`; hooks: %s", n.Line, hookNames())
	}
	kind := n.Content[0]
	build, ok := hookKinds[kind.Value]
	if !ok {
		return nil, fmt.Errorf("line %d: unknown hook %q; hooks: %s", kind.Line, kind.Value, hookNames())
	}
	h, err := build(n.Content[1], o)
	if err != nil && !strings.HasPrefix(err.Error(), "line ") {
		return nil, fmt.Errorf("line %d: %s hook: %w", kind.Line, kind.Value, err)
	}
	return h, err
}
