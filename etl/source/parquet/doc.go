// Package parquetsource reads Parquet files, registered as the `parquet`
// source kind:
//
//	source: {parquet: {path: data.parquet, columns: [a, b]}}
//
// It streams one row group at a time through parquet-go's row reader, a
// bounded batch of rows at once, so memory follows the batch, not the
// file. Logical types map to the engine's values exactly (see Value); a
// checkpoint is a row group and a row within it, fingerprinted by the
// file's size and a hash of its footer, so a resumed run seeks to its row
// group instead of reading the file again from the start.
package parquetsource
