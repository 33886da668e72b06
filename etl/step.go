package etl

// Step is one transform of a pipeline, before it knows its input. Bind
// resolves the column names it uses against the input columns, once, before
// any record is read, and returns the columns it outputs and the function
// applied to each record.
//
// Apply changes rec.Row in place and may replace it with a row of the
// output columns. It returns nil to pass the record on, a *RejectError to
// reject it with a reason, ErrDrop to remove it silently, or another error
// to fail the run.
type Step interface {
	Name() string
	Bind(in Columns) (out Columns, apply func(rec *Record) error, err error)
}

// StepFunc adapts a function that keeps the columns as they are into a Step.
type StepFunc struct {
	StepName string
	// Prepare resolves columns and returns the per-record function.
	Prepare func(in Columns) (func(rec *Record) error, error)
}

// Name returns the step's name.
func (s StepFunc) Name() string { return s.StepName }

// Bind calls Prepare and keeps the input columns.
func (s StepFunc) Bind(in Columns) (Columns, func(*Record) error, error) {
	apply, err := s.Prepare(in)
	return in, apply, err
}
