package transform

import (
	"errors"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/etl"
)

// DedupeConfig keeps the first record of each key and drops the later
// ones (pandas drop_duplicates(subset=keys, keep="first")).
//
// Memory: the step remembers a 64-bit hash per distinct key, in a table
// of 11 to 21 bytes per key (it doubles when 3/4 full): 1e6 distinct keys
// take 11-21 MB, 1e8 keys 1.1-2.1 GB. Two distinct keys share a hash with
// probability about n²/2^65 over n keys (3e-8 for 1e6 keys, 3e-4 for
// 1e8); a collision would drop a record wrongly, which is the price of
// not keeping the keys themselves.
//
// The set lives in one run: a run resumed from a checkpoint does not know
// the keys committed before, so a dedupe across runs is the writer's job
// (upsert, or a unique key).
type DedupeConfig struct {
	// Keys are the columns whose values make the key; required.
	Keys []string `yaml:"keys"`
	// Keep is first (the default). last cannot be done in a stream: see
	// ErrKeepLast.
	Keep string `yaml:"keep"`
}

// ErrKeepLast is returned (wrapped) by NewDedupe for keep: last. Keeping
// the last record of a key needs the whole input, so it is left to the
// writer: an upsert on the same key keeps the last row written. A caller
// that builds pipelines detects it with errors.Is and delegates.
var ErrKeepLast = errors.New("dedupe keep: last is not done by a step; write with an upsert on the same keys, which keeps the last record")

type dedupe struct {
	name string
	keys []string // nil: every column
}

// NewDedupe returns the dedupe step for keep: first.
func NewDedupe(cfg DedupeConfig) (etl.Step, error) {
	if err := checkNames("dedupe", "keys", cfg.Keys); err != nil {
		return nil, err
	}
	name := "dedupe " + strings.Join(cfg.Keys, ", ")
	switch cfg.Keep {
	case "", "first":
		return &dedupe{name: name, keys: cfg.Keys}, nil
	case "last":
		return nil, fmt.Errorf("%s: %w", name, ErrKeepLast)
	}
	return nil, fmt.Errorf("%s: keep %q is not first or last", name, cfg.Keep)
}

// DropDuplicatesConfig drops records equal in every column to an earlier
// one (pandas drop_duplicates()). It has no settings; memory and
// collisions are as for DedupeConfig.
type DropDuplicatesConfig struct{}

// NewDropDuplicates returns the drop_duplicates step.
func NewDropDuplicates(DropDuplicatesConfig) (etl.Step, error) {
	return &dedupe{name: "drop_duplicates"}, nil
}

// Name returns "dedupe <keys>" or "drop_duplicates".
func (d *dedupe) Name() string { return d.name }

// Bind resolves the keys and starts an empty set of seen keys.
func (d *dedupe) Bind(in etl.Columns) (etl.Columns, func(*etl.Record) error, error) {
	idx, err := d.positions(in)
	if err != nil {
		return etl.Columns{}, nil, err
	}
	var seen hashSet
	hasher := newKeyHasher()
	return in, func(rec *etl.Record) error {
		if !seen.add(hasher.sum(rec.Row, idx)) {
			return etl.ErrDrop
		}
		return nil
	}, nil
}

func (d *dedupe) positions(in etl.Columns) ([]int, error) {
	if d.keys != nil {
		return lookupAll(d.name, in, d.keys)
	}
	idx := make([]int, in.Len())
	for i := range idx {
		idx[i] = i
	}
	return idx, nil
}
