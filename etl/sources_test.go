package etl_test

// The source kinds the pipeline files of these tests name.
import (
	_ "github.com/warehouse-loader/loader/etl/source/csv"
	_ "github.com/warehouse-loader/loader/etl/source/json"
)
