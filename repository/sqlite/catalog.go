package sqlite

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository/driver"
)

// A SQLite column holds what its declared type's affinity allows, and
// go-sqlite3 reads a column back as a time only when its declared type is
// date, datetime or timestamp: the declared type is all there is to
// compare. typeClass groups the names that give the same affinity and
// mean the same values; the drift check compares the groups. Sizes are
// dropped: SQLite enforces none.
var typeClass = map[string]string{
	"integer": sqliteInteger, "int": sqliteInteger, "tinyint": sqliteInteger, "smallint": sqliteInteger,
	"mediumint": sqliteInteger, "bigint": sqliteInteger, "int2": sqliteInteger, "int4": sqliteInteger,
	"int8": sqliteInteger, "unsigned big int": sqliteInteger,
	"real": sqliteReal, "double": sqliteReal, "double precision": sqliteReal, "float": sqliteReal,
	"float4": sqliteReal, "float8": sqliteReal,
	"numeric": "numeric", "decimal": "numeric",
	"boolean": sqliteBoolean, "bool": sqliteBoolean,
	"text": sqliteText, "varchar": sqliteText, "character varying": sqliteText, "char": sqliteText,
	"character": sqliteText, "nchar": sqliteText, "nvarchar": sqliteText, "varying character": sqliteText,
	"native character": sqliteText, "clob": sqliteText,
	"datetime": sqliteDatetime, "timestamp": sqliteDatetime,
	"date": "date",
	"blob": "blob",
}

// modelClass adds the names a model may declare (PostgreSQL's, in a
// `type` tag) that a SQLite migration spells otherwise: a column declared
// timestamptz would read back as text, bytea has NUMERIC affinity.
var modelClass = map[string]string{
	"timestamptz": sqliteDatetime, "timestamp with time zone": sqliteDatetime,
	"timestamp without time zone": sqliteDatetime, "bytea": "blob",
	"serial": sqliteInteger, "bigserial": sqliteInteger, "smallserial": sqliteInteger,
}

const (
	sqliteInteger  = "integer"
	sqliteReal     = "real"
	sqliteBoolean  = "boolean"
	sqliteText     = "text"
	sqliteDatetime = "datetime"
)

// NormalType is the group of a model's declared type (see typeClass):
// real for double precision or float8, integer for bigint, text for
// varchar(40); a name outside the groups as written, without its size.
func (*Driver) NormalType(decl string) string {
	base := baseName(decl)
	if c, ok := modelClass[base]; ok {
		return c
	}
	return class(base)
}

// ActualType is the group of the column's declared type, as PRAGMA
// table_info reads it from the CREATE TABLE text.
func (*Driver) ActualType(c gorm.ColumnType) string {
	return class(baseName(c.DatabaseTypeName()))
}

func baseName(decl string) string {
	base, _, rest := driver.SplitType(decl)
	return driver.TrimModifiers(strings.TrimSpace(base + " " + driver.TrimModifiers(rest)))
}

func class(base string) string {
	if c, ok := typeClass[base]; ok {
		return c
	}
	return base
}

// column corrects what GORM's SQLite driver reads from the CREATE
// TABLE text with regular expressions (a tab before NOT NULL hides it):
// nullability and the primary key come from PRAGMA table_info.
type column struct {
	gormColumn
	decl        string // the declared type, as written
	notNull, pk bool
}

// gormColumn names the embedded interface, whose own name would clash
// with its ColumnType method.
type gormColumn = gorm.ColumnType

func (c column) Nullable() (bool, bool) { return !c.notNull, true }

// DatabaseTypeName and ColumnType are the declared type in full (GORM's
// cuts "float8" to "floa" and "numeric(12,2)" to "numeric(12").
func (c column) DatabaseTypeName() string { return c.decl }

func (c column) ColumnType() (string, bool) { return c.decl, true }

func (c column) PrimaryKey() (bool, bool) { return c.pk, true }

type columnRow struct {
	Name    string
	Type    string
	NotNull bool
	Pk      int
}

// Columns wraps the column types with table_info's declared type and
// nullability.
func (*Driver) Columns(db *gorm.DB, table string, cols []gorm.ColumnType) ([]gorm.ColumnType, error) {
	var rows []columnRow
	if err := db.Raw(`SELECT name, type, "notnull" AS not_null, pk FROM pragma_table_info(?)`, table).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("repository: reading columns of %s: %w", table, mapError(err))
	}
	info := map[string]columnRow{}
	for _, r := range rows {
		info[r.Name] = r
	}
	out := make([]gorm.ColumnType, len(cols))
	for i, c := range cols {
		r, ok := info[c.Name()]
		out[i] = c
		if ok {
			out[i] = column{c, r.Type, r.NotNull, r.Pk > 0}
		}
	}
	return out, nil
}
