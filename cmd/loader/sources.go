package main

// The source kinds pipeline files can name: each package registers its
// kind with source.Register when imported. A new kind adds one line.
import (
	_ "github.com/warehouse-loader/loader/etl/source/csv"
	_ "github.com/warehouse-loader/loader/etl/source/http"
	_ "github.com/warehouse-loader/loader/etl/source/json"
	_ "github.com/warehouse-loader/loader/etl/source/kafka"
	_ "github.com/warehouse-loader/loader/etl/source/mongodb"
	_ "github.com/warehouse-loader/loader/etl/source/parquet"
	_ "github.com/warehouse-loader/loader/etl/source/rabbitmq"
	_ "github.com/warehouse-loader/loader/etl/source/sql"
	_ "github.com/warehouse-loader/loader/internal/s3store" // s3:// paths of the file sources
)
