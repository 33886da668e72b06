package repository

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// Migrations written from the models: the DDL of each dialect, rendered
// by its driver (driver.DDL) from the model as GORM parses it, so that
// what is written passes the drift check by construction.

// namer is the naming GORM's Open gives a Store (gorm.Config's default).
var namer = schema.NamingStrategy{IdentifierMaxLength: 64}

// ddlSchemas caches the parsed models (GORM's schema cache).
var ddlSchemas sync.Map

// CreateTableSQL returns the up and down migration SQL that create and drop the table of model
// in dialect (a registered driver name, e.g. "postgres", "sqlite", "mysql"). table, when not empty,
// overrides the model's table name (models built at run time with reflect.StructOf have none).
func CreateTableSQL(dialect string, model any, table string) (up, down string, err error) {
	ddl, err := DDLOf(dialect)
	if err != nil {
		return "", "", err
	}
	sch, err := ParseModel(model, table)
	if err != nil {
		return "", "", err
	}
	return Script(ddl.CreateTable(sch)), Script(ddl.DropTable(sch)), nil
}

// DDLOf returns the DDL renderer of the registered driver named dialect.
func DDLOf(dialect string) (driver.DDL, error) {
	for _, d := range drivers.All() {
		if d.Name() == dialect {
			return d.DDL(), nil
		}
	}
	return nil, fmt.Errorf("repository: no driver named %q; use one of %s", dialect, strings.Join(drivers.Names(), ", "))
}

// ParseModel parses model as a Store's GORM does; table, when not empty,
// is its table name (a model built with reflect.StructOf has none).
func ParseModel(model any, table string) (*schema.Schema, error) {
	if model == nil {
		return nil, errors.New("repository: parsing a model: nil model; pass a pointer to a struct")
	}
	sch, err := schema.ParseWithSpecialTableName(model, &ddlSchemas, namer, table)
	if err != nil {
		return nil, fmt.Errorf("repository: parsing model %T: %w", model, err)
	}
	if sch.Table == "" {
		return nil, fmt.Errorf("repository: model %T has no table name; give one (a struct built at run time has no TableName method)", model)
	}
	return sch, nil
}

// Script joins statements into a migration file's text: each ends with
// a semicolon and a new line.
func Script(stmts []string) string {
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString(s + ";\n")
	}
	return b.String()
}
