// Package mongodb holds the tests of the mongodb source against FerretDB
// 1.x, embedded in the test process on a SQLite backend. It is a module of
// its own so that FerretDB's dependencies stay out of the loader's go.mod;
// `make test` runs it after the loader's tests.
package mongodb
