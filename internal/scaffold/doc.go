// Package scaffold writes what a new table needs, from a sample of the
// file it will be loaded from: a GORM model in models/ that registers
// itself, the migration creating its table for every driver, and a
// pipeline entry that loads the file into it (loader scaffold). The SQL
// is generated from the very fields the Go file declares, so the model
// and its migration agree by construction.
package scaffold
