package repository_test

import (
	"github.com/warehouse-loader/loader/repository/repositorytest"
)

// The conformance suite's helpers, shared with the tests of this package.
var (
	openStore  = repositorytest.OpenStore
	sale       = repositorytest.Sale
	countSales = repositorytest.CountSales
	insertOne  = repositorytest.InsertOne
)
