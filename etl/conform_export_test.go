package etl

// Convert is convert, for the tests of package etl_test.
var Convert = convert
