// Package csvsource is the csv source kind: delimited text files whose
// first row names the columns (NewCSV). Importing it registers the kind
// with source.Register, so pipeline files can name it:
//
//	source: {csv: {path: sales.csv, delimiter: ";", encoding: latin-1, null_values: ["", "NULL"]}}
//
// Values are strings as read, or nil for the NULL texts; a row with the
// wrong field count or invalid UTF-8 is a reject; broken quoting is a
// *source.MalformedError. The shared file handling (fingerprinted
// checkpoints, resume, files changing under a run) is source.File's.
package csvsource
