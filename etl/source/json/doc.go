// Package jsonsource is the json source kind: a JSON array of objects or
// NDJSON, one object per line, read streaming (NewJSON). Importing it
// registers the kind with source.Register, so pipeline files can name it:
//
//	source: {json: {path: orders.ndjson, format: ndjson, columns: [id, total]}}
//
// Values are strings (numbers keep their literal text), bools or nil; an
// element that is not an object, or has a key that is not a column, is a
// reject; invalid JSON is a *source.MalformedError. The shared file
// handling (fingerprinted checkpoints, resume, files changing under a run)
// is source.File's.
package jsonsource
