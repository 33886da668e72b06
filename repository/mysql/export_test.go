package mysql

// The two append paths, for BenchmarkAppend.
var (
	LoadData   = loadData
	InsertRows = insertRows
)
