package main

// The sql source kind (`source: {sql: {...}}`) registers itself.
import _ "github.com/warehouse-loader/loader/etl/source/sql"
