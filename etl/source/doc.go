// Package source reads the files a pipeline loads: CSV (NewCSV) and JSON
// arrays or NDJSON (NewJSON). Both implement etl.Source and etl.Sized.
// The sql kind lives in etl/source/sql; it reads a Database (the port the
// repository implements) that Params.Databases opens.
//
// Pipeline files name a source by kind (`source: {csv: {...}}`): every
// kind registers a Factory with Register (csv and json do so in kinds.go,
// sql in its own package), and Lookup and Names answer etl/spec.
//
// Sources do no type inference: a value is a string as read (JSON numbers
// keep their literal text), a bool (JSON true/false) or nil (NULL); casting
// is a transform's job. Next sets rec.N, rec.Line and rec.Raw (reusing its
// storage) and leaves rec.Row to the caller.
//
// A record that was read but does not fit (a wrong field count, invalid
// UTF-8, an unexpected JSON key) is returned as an *etl.RejectError with
// rec.Raw holding what was read, as strings (CSV: every field; JSON: the
// element's text as one value), invalid UTF-8 replaced by U+FFFD; N, Line
// and the checkpoint count it, and reading goes on. Broken
// structure (an unterminated quote, truncated JSON) is a *MalformedError,
// which matches ErrMalformed, and ends the read.
//
// Checkpoint cursors are "offset:line:hash": the byte offset just after
// the last record returned, the line that record ends on, and a hash of
// the column names that Open checks before resuming.
package source
