// Package mysql is the driver of MariaDB and MySQL warehouses
// (mysql://user:pass@host:3306/db, mariadb://…): go-sql-driver/mysql under
// database/sql, gorm.io/driver/mysql for GORM, golang-migrate's mysql
// driver for migrations.
//
// Every connection runs with the session time zone UTC ('+00:00') and
// times parsed in UTC, whatever the server's zone, and in strict SQL mode:
// a value the column cannot hold is an error, never a silent truncation.
// Bulk appends stream LOAD DATA LOCAL INFILE from a registered reader,
// inside the scope's transaction; any warning it raises is an error.
package mysql

import (
	"strings"

	"github.com/warehouse-loader/loader/internal/sqltext"
	"github.com/warehouse-loader/loader/repository/driver"
)

// name is the driver's dialect name and its migrations folder.
const name = "mysql"

// textType is what NormalType calls every text type.
const textType = "text"

// Driver is the MariaDB/MySQL driver. New gives it what it learns of the
// server (see state); its zero value works but learns nothing.
type Driver struct{ st *state }

// New returns a MariaDB/MySQL driver with a state of its own.
func New() Driver { return Driver{st: &state{unique: map[string]verdict{}}} }

// New returns a driver with a state of its own.
func (Driver) New() driver.Driver { return New() }

// Name is the dialect name.
func (Driver) Name() string { return name }

// Schemes are the URL schemes the driver serves.
func (Driver) Schemes() []string { return []string{name, "mariadb"} }

// Lexer is MySQL's quoting: backslash escapes in strings, `…`
// identifiers, # comments.
func (Driver) Lexer() sqltext.Dialect { return sqltext.MySQL }

// Quote quotes an identifier in backticks.
func (Driver) Quote(ident string) string { return quoteIdent(ident) }

// Placeholder is ?.
func (Driver) Placeholder(int) string { return "?" }

// MaxParams is the server's limit on a prepared statement's parameters.
func (Driver) MaxParams() int { return maxPlaceholders }

// LocksRows is true: InnoDB's SELECT … FOR UPDATE holds the row.
func (Driver) LocksRows() bool { return true }

// Settled is not offered (ok is false). AUTO_INCREMENT keys are drawn at
// insert time, so a transaction in flight may commit keys lower than rows
// already visible; unlike PostgreSQL's xmin, InnoDB exposes no per-row
// writer to tell those rows from settled ones in a query, and
// information_schema.INNODB_TRX names no table. A key-ordered cursor on a
// table written concurrently may therefore miss such rows.
func (Driver) Settled(string) (flag, join string, ok bool) { return "", "", false }

// typeAlias maps the names MySQL accepts for a type to the one
// information_schema reports (FLOAT8 is DOUBLE, BOOLEAN TINYINT(1)), the
// text and blob types each to one name, and the PostgreSQL names a model's
// `type` tag may hold to the MySQL type the migrations declare for them
// (timestamptz is DATETIME(6), bytea a blob).
var typeAlias = map[string]string{
	"numeric": decimalType, "dec": decimalType, "fixed": decimalType, "integer": "int",
	"int1": "tinyint", "int2": "smallint", "int3": "mediumint", "int4": "int", "int8": "bigint",
	"bool": "tinyint(1)", "boolean": "tinyint(1)",
	"double precision": doubleType, "real": doubleType, "float8": doubleType, "float4": "float",
	"character varying": "varchar", "character": "char",
	"tinytext": textType, "mediumtext": textType, "longtext": textType,
	"tinyblob": blobType, "mediumblob": blobType, "longblob": blobType, "bytea": blobType,
	"timestamp": "datetime", "timestamptz": "datetime(6)", "timestamp with time zone": "datetime(6)",
}

// What NormalType calls every blob type, DECIMAL and DOUBLE.
const (
	blobType    = "blob"
	decimalType = "decimal"
	doubleType  = "double"
)

// NormalType spells a declared type (a model's, "numeric(12,2)", "bigint
// AUTO_INCREMENT") or a reported one (information_schema's COLUMN_TYPE,
// "decimal(12,2)", "int(11)") the one way the drift check compares: integer
// display widths and AUTO_INCREMENT dropped, the text types one "text",
// and VARCHAR(255) too, which the migrations declare where the model says
// text but MySQL must index the column (KeyType); precisions kept for
// decimal, other varchars and datetime.
func (Driver) NormalType(decl string) string {
	base, size, rest := driver.SplitType(decl)
	unsigned := strings.Contains(" "+base+" "+rest+" ", " unsigned ")
	base = driver.TrimModifiers(strings.TrimSuffix(driver.TrimModifiers(base), " unsigned"))
	if a, ok := typeAlias[base]; ok {
		if strings.Contains(a, "(") {
			return a
		}
		base = a
	}
	switch base {
	case "varchar":
		if size == "(255)" {
			return textType // see KeyType
		}
		return base + size
	case decimalType:
		return base + driver.DecimalSize(size, "(10,0)")
	case "char", "varbinary", "binary":
		return base + size
	case "datetime":
		if size == "" {
			size = "(0)"
		}
		return base + size
	case "float":
		if size != "" && driver.FloatBits(size) == 64 { // FLOAT alone is 4 bytes
			base = doubleType
		}
	case "tinyint":
		if size == "(1)" {
			return "tinyint(1)"
		}
	}
	if unsigned {
		return base + " unsigned"
	}
	return base
}

// KeyType is the type a text key column has on MySQL, which cannot index
// an unbounded TEXT: the migrations declare VARCHAR(255) where the model
// says text.
func (d Driver) KeyType(decl string) string {
	n := d.NormalType(decl)
	if n == textType {
		return "varchar(255)"
	}
	return n
}

var _ driver.Driver = Driver{}
