package source

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
)

// Params is what a factory gets to build a source named in a pipeline file.
type Params struct {
	// Settings is the mapping under the source's kind (nil or a null node
	// when there are none). Decode it with Params.Decode.
	Settings *yaml.Node
	// Dir is the folder of the pipeline file: relative paths are relative
	// to it (Params.Path).
	Dir string
	// Input, when set, replaces the path of a file source for this run.
	Input string
	// Databases opens the databases sources read ("" is the warehouse).
	Databases OpenDatabase
	// Mode is the pipeline's write mode, for sources whose settings
	// only make sense with some modes.
	Mode etl.Mode
	// Secrets are values that must never be shown (those of the file's
	// ${NAME} references): a source that reports URLs or requests masks
	// them.
	Secrets []string
	// Log, when set, receives what a source reports while it reads (an
	// API's pagination ending early, say); nil discards it.
	Log *slog.Logger
	// Follow asks a source that reads a stream to follow it whatever its
	// settings say (see etl.Follower); other sources leave it alone, and
	// the pipeline's build refuses them.
	Follow bool
}

// Path resolves a file source's path: the Input override as given, or p
// relative to Dir (a URL such as s3://bucket/key as it is).
func (p Params) Path(path string) string {
	if p.Input != "" {
		return p.Input
	}
	if filepath.IsAbs(path) || p.Dir == "" || scheme(path) != "" {
		return path
	}
	return filepath.Join(p.Dir, path)
}

// Factory builds a source from its settings. The returned close function
// releases what the factory opened besides the source (another database);
// it is never nil when the error is nil. A factory decodes its settings
// strictly (Params.Decode), so a misspelt key names itself and its line.
type Factory func(ctx context.Context, p Params) (etl.Source, func(), error)

var registry = struct {
	sync.RWMutex
	byKind map[string]Factory
}{byKind: map[string]Factory{}}

// Register makes a source kind available to pipeline files, as
// `source: {kind: {settings}}`. It panics if kind is empty, f is nil or kind
// is already registered: registration happens at start-up, where a clash
// is a programming error.
func Register(kind string, f Factory) {
	if kind == "" || f == nil {
		panic("source: Register needs a kind and a factory")
	}
	registry.Lock()
	defer registry.Unlock()
	if _, dup := registry.byKind[kind]; dup {
		panic(fmt.Sprintf("source: kind %q is already registered", kind))
	}
	registry.byKind[kind] = f
}

// Lookup returns the factory registered under kind.
func Lookup(kind string) (Factory, bool) {
	registry.RLock()
	defer registry.RUnlock()
	f, ok := registry.byKind[kind]
	return f, ok
}

// Names returns the registered source kinds, sorted.
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	kinds := make([]string, 0, len(registry.byKind))
	for k := range registry.byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}
