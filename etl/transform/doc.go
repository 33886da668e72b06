// Package transform holds the built-in steps of a pipeline: the operations
// the pandas scripts did (fillna, astype, pd.cut, drop_duplicates, ffill,
// rename, column selection, string clean-up, filters) plus validation, each
// as an etl.Step built from a small config struct.
//
// Every step resolves its columns once, in Bind; the function Bind returns
// runs once per record and does not allocate beyond the values it creates.
// A value a step cannot use rejects the record (an *etl.RejectError whose
// reason names the column, the value and what was expected); filters and
// duplicates drop it (etl.ErrDrop); a mistake in the pipeline itself, such
// as comparing a timestamp column with a word, fails the run.
//
// The function Bind returns is not safe for concurrent use: several steps
// keep state between records (dedupe, ffill) or reuse buffers (select), so
// a runner calls it from one goroutine, in source order.
//
// Pipelines written in YAML find the steps by name in a registry (Register,
// Lookup, Names); every built-in is registered under the name of its config
// key, e.g. "cast" for CastConfig.
package transform
