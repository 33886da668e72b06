// Package repositorytest is the conformance suite every database driver
// (package repository/driver) passes on a real server: a driver's package
// runs it from a test, with the URLs of fresh databases of its kind:
//
//	func TestConformance(t *testing.T) {
//		repositorytest.Run(t, repositorytest.Target{NewURL: dbtest.Postgres, Respell: respell})
//	}
//
// Each check runs on a database of its own, migrated. It checks what the
// engine relies on through repository.Store and repository.Session, the
// same for every database: scopes commit, roll back and nest; appends keep
// exact decimals, UTC timestamps and NULLs; upserts keep the last row per
// key and rewrite only rows that changed; a staged replace swaps at once;
// refused rows are told apart and errors wrap the sentinels; the pipeline
// and schema locks exclude each other; a migrated database shows no drift;
// the database's identity does not depend on the URL's spelling. Only
// tests import it.
package repositorytest

import (
	"context"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// Target is the database a driver's test runs the suite on.
type Target struct {
	// NewURL returns the URL of a fresh, empty database (dbtest.Postgres,
	// dbtest.SQLite), dropped when the test ends.
	NewURL func(testing.TB) string
	// Respell returns another spelling of a URL that names the same
	// database (another host name for the same server, parameters that
	// change nothing, another path to the same file).
	Respell func(string) string
}

// check is one conformance check, run on a migrated database.
type check struct {
	name string
	run  func(t *testing.T, tg Target, raw string)
}

var checks = []check{
	{"Scope", scopeCommitsAndRollsBack},
	{"ScopeRollsBackOnPanic", scopeRollsBackOnPanic},
	{"ExecIsAllOrNothing", execIsAllOrNothing},
	{"AppendKeepsValues", appendKeepsValues},
	{"AppendUpsertReplace", appendUpsertReplace},
	{"UpsertRewritesOnlyChangedRows", upsertRewritesOnlyChangedRows},
	{"ConstraintErrorsMapToSentinels", constraintErrorsMapToSentinels},
	{"RefusedRowsAreClassified", refusedRowsAreClassified},
	{"StagingTablesCarryTheTargetsConstraints", stagingTablesCarryTheTargetsConstraints},
	{"LockPipeline", lockPipeline},
	{"SchemaChangeAndPipelineRunsExcludeEachOther", schemaChangeAndRunsExcludeEachOther},
	{"Drift", drift},
	{"DatabaseIdentity", databaseIdentity},
}

// Run runs every check as a subtest, each on a fresh migrated database.
func Run(t *testing.T, tg Target) {
	t.Helper()
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			raw := tg.NewURL(t)
			dbtest.Migrate(t, raw)
			c.run(t, tg, raw)
		})
	}
}

// OpenStore opens the database at raw for the test; it is closed when the
// test ends.
func OpenStore(t testing.TB, raw string) *repository.Store {
	t.Helper()
	s, err := repository.Open(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Sale is a valid row of transformed_sales_data.
func Sale(id string, amount string) models.TransformedSale {
	return models.TransformedSale{
		OrderID: id, SoldAt: time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), Quantity: 1,
		SalesAmount: decimal.RequireFromString(amount), SalesCategory: "Low", LoadRunID: 1,
	}
}

// CountSales counts the rows of transformed_sales_data.
func CountSales(t testing.TB, s *repository.Store) int64 {
	t.Helper()
	var n int64
	err := s.Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Gorm(context.Background()).Model(&models.TransformedSale{}).Count(&n).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// InsertOne inserts the sale id in the session.
func InsertOne(ctx context.Context, sess *repository.Session, id string) error {
	return repository.Insert(ctx, sess, []models.TransformedSale{Sale(id, "1.00")}, 0)
}
