// Package source holds what every source kind shares: the registry that
// pipeline files name kinds from (Register, Lookup, Names, Params), the
// errors sources return, and File, the part of a file source that is the
// same for every format (fingerprinted checkpoints, resuming, files that
// change under a run), and Database, the port a source reading a database
// gets from Params.Databases (the repository implements it).
//
// Each kind is a package of its own that registers itself when imported:
// etl/source/csv (CSV), etl/source/json (JSON arrays and NDJSON),
// etl/source/sql (a table or query, in key order). cmd/loader imports them
// (cmd/loader/sources.go); every file kind passes the kit in
// etl/source/sourcetest.
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
// File checkpoint cursors are "offset:line:cols:sum:path": the byte offset
// just after the last record returned, the line that record ends on, a
// hash of the column names that Open checks before resuming, the
// fingerprint of the bytes before the offset, and the file's name (for
// messages).
package source
