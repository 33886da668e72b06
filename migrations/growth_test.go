package migrations_test

import (
	"fmt"
	"io/fs"
	"os"
	osexec "os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/testmod"
	"github.com/warehouse-loader/loader/migrations"
)

// refundsModel is the model of CONTRIBUTING.md's worked example.
const refundsModel = `package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// Refund is money paid back on an order.
type Refund struct {
	ID         int64           ` + "`gorm:\"primaryKey;autoIncrement\"`" + `
	OrderID    string          ` + "`gorm:\"type:text;not null;index\"`" + `
	RefundedAt time.Time       ` + "`gorm:\"not null\"`" + `
	Amount     decimal.Decimal ` + "`gorm:\"type:numeric(12,2);not null\"`" + `
	Reason     *string         ` + "`gorm:\"type:text\"`" + `
	LoadRunID  int64           ` + "`gorm:\"not null\"`" + `
}

// TableName pins the table name.
func (Refund) TableName() string { return "refunds" }
`

// refundsUp is the worked example's up migration, per driver folder.
var refundsUp = map[string]string{
	"postgres": `CREATE TABLE refunds (
    id          bigserial PRIMARY KEY,
    order_id    text NOT NULL,
    refunded_at timestamptz NOT NULL,
    amount      numeric(12,2) NOT NULL,
    reason      text,
    load_run_id bigint NOT NULL
);
CREATE INDEX idx_refunds_order_id ON refunds (order_id);
`,
	"sqlite": `CREATE TABLE refunds (
    id          integer PRIMARY KEY AUTOINCREMENT,
    order_id    text NOT NULL,
    refunded_at datetime NOT NULL,
    amount      numeric(12,2) NOT NULL,
    reason      text,
    load_run_id integer NOT NULL
);
CREATE INDEX idx_refunds_order_id ON refunds (order_id);
`,
	"mysql": `CREATE TABLE refunds (
    id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id    VARCHAR(255) NOT NULL,
    refunded_at DATETIME(6) NOT NULL,
    amount      DECIMAL(12,2) NOT NULL,
    reason      TEXT,
    load_run_id BIGINT NOT NULL,
    INDEX idx_refunds_order_id (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
`,
}

// migrationTests are the tests whose expectations depend on which
// migrations and models exist: counts, versions, tables, drift.
const migrationTests = `^Test(ReadFiles|EmbeddedFilesAreValidForEveryDialect|UpDownGotoStatus|FailedMigrationRollsBackAndStaysClean|` +
	`DirtyDatabaseSaysWhichFileToCheck|RequireCurrent|MigrationsUpDownUp|ModelsRoundTripThroughGORM|Drift.*|Conformance|` +
	`MigrateDefaultsToSQLiteInWorkingDir|MigrateRoundTripStatusAndCheck|MigrateCheckNamesDrift|BrokenMigrationLeavesVersionClean|` +
	`BadInputGetsOneLineErrorAndChangesNothing|GolangMigrateCLICompatibility|RunRefusesAnUnmigratedHalfMigratedOrDirtySchema|` +
	`MigrateCheckNamesMissingPrimaryKey|MigrateDiff.*|MigrateNew|CreateTableSQL.*|DiffSQL.*)$`

// TestSuiteStaysGreenWithAnotherMigration follows CONTRIBUTING.md's worked
// example in a copy of the module (a model, registered, and its migration
// pair in every driver folder at the next version) and runs the tests that
// depend on the migrations there: none may count on how many exist.
func TestSuiteStaysGreenWithAnotherMigration(t *testing.T) {
	if testing.Short() {
		t.Skip("copies the module and runs go test in the copy: not with -short")
	}
	dir := testmod.Copy(t, "..")
	version := addRefunds(t, dir)

	db := "sqlite://" + filepath.Join(t.TempDir(), "w.db")
	goIn(t, dir, "run", "./cmd/loader", "--database", db, "migrate", "up")
	if st := goIn(t, dir, "run", "./cmd/loader", "--database", db, "migrate", "status"); !regexp.MustCompile(version + `_create_refunds +applied`).MatchString(st) {
		t.Fatalf("the copy does not apply the added migration:\n%s", st)
	}
	out := goIn(t, dir, "test", "-count=1", "-timeout", "10m", "-run", migrationTests,
		"./migrations/", "./repository/", "./repository/mysql/", "./repository/postgres/", "./repository/sqlite/", "./cmd/loader/")
	if strings.Contains(out, "no tests to run") {
		t.Fatalf("a package ran none of the migration tests (renamed?):\n%s", out)
	}
}

// addRefunds adds the worked example to the module in dir: the model,
// registered, and a migration pair per driver folder at the
// next version, which it returns ("0005").
func addRefunds(t *testing.T, dir string) string {
	t.Helper()
	registerRefund(t, dir)
	entries, err := fs.ReadDir(migrations.Embedded, ".")
	if err != nil {
		t.Fatal(err)
	}
	var version string
	for _, e := range entries {
		up, ok := refundsUp[e.Name()]
		if !ok {
			t.Fatalf("no refunds migration for the driver folder %s: add its SQL to refundsUp", e.Name())
		}
		files, err := migrations.ReadFiles(migrations.Embedded, e.Name())
		if err != nil {
			t.Fatal(err)
		}
		version = fmt.Sprintf("%04d", files[len(files)-1].Version+1)
		base := filepath.Join(dir, "migrations", e.Name(), version+"_create_refunds")
		write(t, base+".up.sql", up)
		write(t, base+".down.sql", "DROP TABLE refunds;\n")
	}
	return version
}

// registerRefund writes the model and registers it: from the model file's
// init when the models package has Register, else in models.All.
func registerRefund(t *testing.T, dir string) {
	t.Helper()
	reg := filepath.Join(dir, "models", "models.go")
	body, err := os.ReadFile(reg)
	if err != nil {
		t.Fatal(err)
	}
	switch {
	case strings.Contains(string(body), "func Register("):
		write(t, filepath.Join(dir, "models", "refunds.go"), refundsModel+"\nfunc init() { Register(&Refund{}) }\n")
	case strings.Contains(string(body), "return []any{"):
		write(t, filepath.Join(dir, "models", "refunds.go"), refundsModel)
		write(t, reg, strings.Replace(string(body), "return []any{", "return []any{\n\t\t&Refund{},", 1))
	default:
		t.Fatalf("%s: neither Register nor `return []any{` to register the model with; follow CONTRIBUTING.md's registration step here", reg)
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goIn runs the go command in dir and returns its output, failing the test
// when it fails.
func goIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := osexec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s in the copy: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}
