// Package spec reads declarative pipelines from a YAML file: the source
// (a kind registered with source.Register), the target model (by table
// name, from Options.Targets), the column mapping, the steps, the
// write mode, keys and limits. Everything is checked before a row is read:
// unknown keys, a missing model, a mapping to a column the model lacks, an
// unset ${ENV_VAR} are errors naming the line.
package spec

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/schedule"
)

// ErrInvalid is wrapped by every error about the file's content.
var ErrInvalid = errors.New("invalid pipeline file")

// File is a parsed pipeline file.
type File struct {
	Path      string
	Pipelines map[string]*Pipeline `yaml:"pipelines"`
	// expanded are the values ${NAME} references were replaced by: any
	// of them may be a secret, so before_sql and after_sql errors mask
	// them (etl.Pipeline.Secrets).
	expanded []string
	// own are, by pipeline, the values of the references in its body
	// (what its source may treat as secrets).
	own map[string][]string
	// unset holds, by pipeline, the error of a ${NAME} reference to a
	// variable that is not set: that pipeline cannot be built, the others
	// can.
	unset map[string]error
}

// Pipeline is one pipeline as written in the file.
type Pipeline struct {
	// Source is a one-key mapping, kind: settings, like a step; the kind
	// is one registered with source.Register.
	Source     yaml.Node   `yaml:"source"`
	Target     string      `yaml:"target"`
	Mode       string      `yaml:"mode"`
	Keys       []string    `yaml:"keys"`
	Columns    yaml.Node   `yaml:"columns"`
	Steps      []yaml.Node `yaml:"steps"`
	BatchSize  int         `yaml:"batch_size"`
	MaxRejects string      `yaml:"max_rejects"`
	// BeforeSQL and AfterSQL are statements run on the warehouse before
	// the first batch and after a successful run, each list in one
	// transaction.
	BeforeSQL []string `yaml:"before_sql"`
	AfterSQL  []string `yaml:"after_sql"`
	// OnSuccess and OnFailure are the hooks run after a run that
	// succeeded, or that failed or was cancelled: one-key mappings like
	// `- webhook: {url: …}` or `- airflow: {url: …, dag_id: …}`.
	OnSuccess []yaml.Node `yaml:"on_success"`
	OnFailure []yaml.Node `yaml:"on_failure"`
	// Schedule is when loader serve runs the pipeline: a cron expression
	// ("*/15 * * * *", "@hourly") read in UTC, or {cron, time_zone}.
	// Retry ({attempts, backoff}) retries a scheduled run that failed.
	Schedule yaml.Node `yaml:"schedule"`
	Retry    yaml.Node `yaml:"retry"`
	line     int
	job      *schedule.Job
}

// Load reads and checks the structure of a pipeline file; getenv resolves
// ${NAME} references.
func Load(path string, getenv func(string) string) (*File, error) {
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading pipeline file: %w; pass --file with the path of your pipelines.yaml", err)
	}
	f, err := Parse(body, getenv)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f.Path = path
	return f, nil
}

// Parse parses the content of a pipeline file.
func Parse(body []byte, getenv func(string) string) (*File, error) {
	// Pass 1: the structure, strictly, so unknown keys are named with
	// their line.
	dec := yaml.NewDecoder(bytes.NewReader(body))
	dec.KnownFields(true)
	var strict File
	if err := dec.Decode(&strict); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, yamlError(err))
	}
	// Pass 2: the values, with ${NAME} expanded in place.
	var root yaml.Node
	if err := yaml.Unmarshal(body, &root); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, yamlError(err))
	}
	x, err := expandFile(&root, getenv)
	if err != nil {
		return nil, err
	}
	var f File
	if err := root.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %s", ErrInvalid, yamlError(err))
	}
	f.expanded, f.own, f.unset = x.all, x.own, x.unset
	if len(f.Pipelines) == 0 {
		return nil, fmt.Errorf("%w: no pipelines; the file needs a top-level `pipelines:` mapping", ErrInvalid)
	}
	recordLines(&root, &f)
	if err := checkNames(&root); err != nil {
		return nil, err
	}
	if err := checkBodies(&root, &f); err != nil {
		return nil, err
	}
	if err := checkBatchSizes(&root, &f); err != nil {
		return nil, err
	}
	if err := checkSchedules(&root, &f); err != nil {
		return nil, err
	}
	if err := checkSources(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

// Names returns the pipeline names, sorted.
func (f *File) Names() []string {
	names := make([]string, 0, len(f.Pipelines))
	for n := range f.Pipelines {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// eachPipeline calls fn with the name and body nodes of every pipeline,
// in file order.
func eachPipeline(root *yaml.Node, fn func(name, body *yaml.Node)) {
	doc := root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "pipelines" {
			continue
		}
		ps := doc.Content[i+1]
		for j := 0; j+1 < len(ps.Content); j += 2 {
			fn(ps.Content[j], ps.Content[j+1])
		}
	}
}

// recordLines remembers the line each pipeline starts on, for errors.
func recordLines(root *yaml.Node, f *File) {
	eachPipeline(root, func(name, _ *yaml.Node) {
		if p := f.Pipelines[name.Value]; p != nil {
			p.line = name.Line
		}
	})
}

// checkNames rejects pipeline names holding '/' or '#', which name the
// files of a pipeline reading many and its workers' runs in the
// warehouse's bookkeeping (see etl.UnitKey).
func checkNames(root *yaml.Node) error {
	var err error
	eachPipeline(root, func(name, _ *yaml.Node) {
		if err == nil && strings.ContainsAny(name.Value, "/#") {
			err = fmt.Errorf("%w: line %d: pipeline name %q holds '/' or '#', which the loader's bookkeeping keeps for the files of a pipeline; use letters, digits, '_' or '-'",
				ErrInvalid, name.Line, name.Value)
		}
	})
	return err
}

// checkBodies refuses a pipeline without settings (`name:` alone), which
// nothing could build or describe; a pipeline kept aside for an unset
// variable is reported when built.
func checkBodies(root *yaml.Node, f *File) error {
	var err error
	eachPipeline(root, func(name, _ *yaml.Node) {
		if err == nil && f.Pipelines[name.Value] == nil && f.unset[name.Value] == nil {
			err = fmt.Errorf("%w: line %d: pipeline %s has no settings; give it at least a `source:` and a `target:` key", ErrInvalid, name.Line, name.Value)
		}
	})
	return err
}

// checkBatchSizes rejects a batch_size below 1, naming its line.
func checkBatchSizes(root *yaml.Node, f *File) error {
	var err error
	eachPipeline(root, func(name, body *yaml.Node) {
		p := f.Pipelines[name.Value]
		for i := 0; i+1 < len(body.Content) && err == nil && p != nil; i += 2 {
			key, val := body.Content[i], body.Content[i+1]
			if key.Value == "batch_size" && val.Tag != "!!null" && p.BatchSize < 1 {
				err = fmt.Errorf("%w: line %d: batch_size %s of pipeline %s is not a number of rows; set it to 1 or more, or remove it for the default (%d)",
					ErrInvalid, key.Line, val.Value, name.Value, etl.DefaultBatchSize)
			}
		}
	})
	return err
}

func yamlError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		return strings.Join(te.Errors, "; ")
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}
