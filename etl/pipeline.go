package etl

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/warehouse-loader/loader/etl/target"
)

// Mode is how a pipeline writes its target table.
type Mode string

// The write modes.
const (
	// Append inserts every row (COPY on PostgreSQL).
	Append Mode = "append"
	// Upsert inserts rows and updates those whose key exists.
	Upsert Mode = "upsert"
	// Replace swaps the table's whole content for the run's rows in one
	// transaction at the end of the run.
	Replace Mode = "replace"
)

// ParseMode checks a mode name.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Append, Upsert, Replace:
		return m, nil
	}
	return "", fmt.Errorf("write mode %q: use append, upsert or replace", s)
}

// Pipeline is one load: a source, steps, and a target table.
type Pipeline struct {
	Name   string
	Source Source
	Steps  []Step
	// Target is the table written.
	Target target.Table
	Mode   Mode
	// Keys are the upsert keys (default: the target's primary key).
	Keys []string
	// BatchSize is the number of rows per transaction (default 10000).
	BatchSize int
	// MaxRejects fails the run when exceeded (zero value: no limit).
	MaxRejects Limit
	// BeforeSQL and AfterSQL are SQL statements run on the warehouse,
	// each list in one transaction (see Runner.Run).
	BeforeSQL, AfterSQL []string
	// Secrets are texts no before_sql or after_sql error may show (the
	// values of the file's ${NAME} references): a database's message
	// may quote the statement or a value.
	Secrets []string
	// OnSuccess are the hooks fired, in order, after a run that
	// succeeded; OnFailure after one that failed or was cancelled. They
	// fire once the run's row is final, never on a dry run, and a hook
	// that fails never changes the run (see Runner.Run).
	OnSuccess, OnFailure []Hook
}

// DefaultBatchSize is used when Pipeline.BatchSize is 0.
const DefaultBatchSize = 10000

// Limit is a reject budget: at most Count rejected records, or, when
// Percent is set, at most Percent% of the records read. The zero Limit
// allows any number.
type Limit struct {
	Count   int64
	Percent float64
	set     bool
	percent bool
}

// ParseLimit parses "N" or "P%".
func ParseLimit(s string) (Limit, error) {
	if p, ok := strings.CutSuffix(s, "%"); ok {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f < 0 || f > 100 {
			return Limit{}, fmt.Errorf("max rejects %q: a percentage must be between 0%% and 100%%", s)
		}
		return Limit{Percent: f, set: true, percent: true}, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return Limit{}, fmt.Errorf("max rejects %q: use a count like 100 or a percentage like 2%%", s)
	}
	return Limit{Count: n, set: true}, nil
}

// exceeded reports whether rejected of read records breaks the limit.
func (l Limit) exceeded(rejected, read int64) bool {
	switch {
	case !l.set:
		return false
	case l.percent:
		return read > 0 && float64(rejected)*100 > l.Percent*float64(read)
	default:
		return rejected > l.Count
	}
}

func (l Limit) String() string {
	if l.percent {
		return strconv.FormatFloat(l.Percent, 'f', -1, 64) + "%"
	}
	return strconv.FormatInt(l.Count, 10)
}

// Errors a run can end with.
var (
	// ErrTooManyRejects: the run stopped because MaxRejects was exceeded.
	ErrTooManyRejects = errors.New("too many rejected records")
	// ErrAlreadyRunning: another run of the pipeline holds its lock
	// (Warehouse.LockPipeline's error wraps it).
	ErrAlreadyRunning = errors.New("pipeline is already running")
	// ErrAllRejected: the run read records and rejected every one of them.
	// Its rejects are committed; nothing else was loaded.
	ErrAllRejected = errors.New("every record was rejected")
)

func (p *Pipeline) validate() error {
	if p.Name == "" || p.Source == nil || p.Target.Name == "" {
		return errors.New("a pipeline needs a name, a source and a target")
	}
	if p.Mode == "" {
		p.Mode = Append
	}
	if p.BatchSize <= 0 {
		p.BatchSize = DefaultBatchSize
	}
	if p.Mode == Upsert && len(p.Keys) == 0 {
		p.Keys = p.Target.Keys
		if len(p.Keys) == 0 {
			return fmt.Errorf("pipeline %s: upsert into %s needs keys (the table has no primary key)", p.Name, p.Target.Name)
		}
	}
	for _, k := range p.Keys {
		if p.Target.Index(k) < 0 {
			return fmt.Errorf("pipeline %s: key %q is not a column of %s", p.Name, k, p.Target.Name)
		}
	}
	return nil
}
