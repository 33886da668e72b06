package repository

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// Drift is one difference between what a GORM model declares and what the
// database holds. Table, Column and Problem say it in words (String);
// Kind and the model's parts it names say it so that a migration can be
// written from it (see DiffSQL).
type Drift struct {
	Table   string
	Column  string // empty when the whole table is at issue
	Problem string

	Kind DriftKind
	// Model is the parsed model of Table; Field the model's field of
	// Column (MissingColumn, TypeDiffers, NullDiffers); Index the
	// model's missing index (MissingIndex) or the database's extra one
	// (ExtraIndex, its columns only).
	Model *schema.Schema
	Field *schema.Field
	Index *schema.Index
	// Type is the database's column type as the driver's ActualType
	// spells it, Declared as the database declares it (TypeDiffers,
	// NullDiffers, ExtraColumn); Nullable its nullability.
	Type, Declared string
	Nullable       bool
}

// DriftKind is what kind of difference a Drift is.
type DriftKind int

// The kinds of drift. Other covers keys and constraints a migration is
// not written for (primary keys, foreign keys, CHECKs, unique
// constraints): they are named, for a hand-written migration.
const (
	Other         DriftKind = iota
	MissingTable            // the model's table is not in the database
	MissingColumn           // a field's column is not in the table
	ExtraColumn             // a column no field declares
	TypeDiffers             // a column's type is not the field's
	NullDiffers             // a column's nullability is not the field's
	MissingIndex            // a unique index the model declares is missing
	ExtraIndex              // a unique index the model does not declare
)

func (d Drift) String() string {
	if d.Column == "" {
		return d.Table + ": " + d.Problem
	}
	return d.Table + "." + d.Column + ": " + d.Problem
}

// Drift compares the models with the database's schema: missing tables,
// columns on one side only, column types and nullability, primary keys
// (columns and order), unique indexes, foreign keys (columns, referenced
// table and columns, ON DELETE and ON UPDATE) and CHECK constraints (see
// checkDrift). An empty result means they agree. It reads the schema only,
// under the statement timeout (see WithStatementTimeout) as a whole.
func (s *Store) Drift(ctx context.Context, models ...any) ([]Drift, error) {
	schemas := make([]*schema.Schema, len(models))
	for i, m := range models {
		st := &gorm.Statement{DB: s.gdb}
		if err := st.Parse(m); err != nil {
			return nil, fmt.Errorf("repository: parsing model %T: %w", m, err)
		}
		schemas[i] = st.Schema
	}
	fks := declaredForeignKeys(schemas)
	var out []Drift
	err := s.query(ctx, func(db *gorm.DB) error {
		for i, sch := range schemas {
			d, err := s.tableDrift(db, sch, models[i], fks[sch.Table])
			if err != nil {
				return err
			}
			out = append(out, d...)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("comparing the models with the schema: %w", err)
	}
	return out, nil
}

func (s *Store) tableDrift(db *gorm.DB, sch *schema.Schema, model any, fks []declaredFK) ([]Drift, error) {
	table := sch.Table
	found, err := hasTable(db, table)
	if err != nil {
		return nil, err
	}
	if !found {
		return []Drift{{Table: table, Problem: "table is declared by model " + sch.Name + " but missing from the database; add a migration that creates it", Kind: MissingTable, Model: sch}}, nil
	}
	cols, err := s.columnTypes(db, table, model)
	if err != nil {
		return nil, err
	}
	keys, err := s.constraintDrift(db, sch, cols, fks)
	if err != nil {
		return nil, err
	}
	return append(s.columnsDrift(db, sch, cols), keys...), nil
}

// columnTypes reads the table's columns (on SQLite, with PRAGMA
// table_info's nullability).
func (s *Store) columnTypes(db *gorm.DB, table string, model any) ([]gorm.ColumnType, error) {
	cols, err := db.Migrator().ColumnTypes(model)
	if err != nil {
		return nil, fmt.Errorf("repository: reading columns of %s: %w", table, err)
	}
	return s.drv.Columns(db, table, cols)
}

// constraintDrift compares the primary key, unique indexes, foreign keys
// and CHECK constraints.
func (s *Store) constraintDrift(db *gorm.DB, sch *schema.Schema, cols []gorm.ColumnType, fks []declaredFK) ([]Drift, error) {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name()
	}
	cat, err := s.readCatalog(db, sch.Table, names)
	if err != nil {
		return nil, err
	}
	out := primaryKeyDrift(sch, cat.keys)
	out = append(out, uniqueDrift(sch, cat.keys)...)
	out = append(out, foreignKeyDrift(sch, fks, cat.fks)...)
	return append(out, checkDrift(s.lexer(), sch, cat.checks)...), nil
}

// columnsDrift compares the model's fields with the table's columns.
func (s *Store) columnsDrift(db *gorm.DB, sch *schema.Schema, cols []gorm.ColumnType) []Drift {
	table := sch.Table
	actual := map[string]gorm.ColumnType{}
	for _, c := range cols {
		actual[c.Name()] = c
	}
	var out []Drift
	for _, f := range sch.Fields {
		if f.DBName == "" {
			continue
		}
		c, ok := actual[f.DBName]
		delete(actual, f.DBName)
		if !ok {
			out = append(out, Drift{Table: table, Column: f.DBName, Problem: fmt.Sprintf("declared by %s.%s but missing from the database; add a migration that adds it", sch.Name, f.Name),
				Kind: MissingColumn, Model: sch, Field: f})
			continue
		}
		for _, d := range s.columnDrift(db, table, f, c) {
			d.Model, d.Field, d.Type, d.Declared = sch, f, s.drv.ActualType(c), declaredType(c)
			d.Nullable, _ = c.Nullable()
			out = append(out, d)
		}
	}
	for _, c := range cols {
		if _, extra := actual[c.Name()]; extra {
			nullable, _ := c.Nullable()
			out = append(out, Drift{Table: table, Column: c.Name(), Problem: "exists in the database but no field of " + sch.Name + " declares it",
				Kind: ExtraColumn, Model: sch, Type: s.drv.ActualType(c), Declared: declaredType(c), Nullable: nullable})
		}
	}
	return out
}

func (s *Store) columnDrift(db *gorm.DB, table string, f *schema.Field, c gorm.ColumnType) []Drift {
	var out []Drift
	want := s.drv.NormalType(db.Dialector.DataTypeOf(f))
	got := s.drv.ActualType(c)
	if want != got {
		out = append(out, Drift{Table: table, Column: f.DBName, Problem: fmt.Sprintf("type differs: model says %s, database has %s", want, got), Kind: TypeDiffers})
	}
	if pk, _ := c.PrimaryKey(); f.PrimaryKey || pk {
		return out // primary keys are never null, whatever the catalogue says
	}
	if nullable, ok := c.Nullable(); ok && nullable == f.NotNull {
		out = append(out, Drift{Table: table, Column: f.DBName, Problem: fmt.Sprintf("nullability differs: model says %s, database has %s", nullWord(!f.NotNull), nullWord(nullable)),
			Kind: NullDiffers})
	}
	return out
}

// declaredType is the column's type as the database declares it.
func declaredType(c gorm.ColumnType) string {
	if full, ok := c.ColumnType(); ok && full != "" {
		return strings.ToLower(full)
	}
	return strings.ToLower(c.DatabaseTypeName())
}

func nullWord(nullable bool) string {
	if nullable {
		return "NULL"
	}
	return "NOT NULL"
}
