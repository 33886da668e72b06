package driver

import (
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm/schema"
)

// DDL renders schema changes as this database's SQL, from models as GORM
// parses them (package repository parses; migrations are what it
// writes). Column types come from the database's GORM dialector
// (DataTypeOf), the same the drift check compares with NormalType, so a
// table written from a model agrees with it by construction. Each method
// returns whole statements, without their final semicolons; lines
// starting with "--" are comments to keep with the statement after them.
type DDL interface {
	// CreateTable creates t's table: columns, primary key, unique and
	// plain indexes, CHECK constraints and foreign keys; DropTable drops it.
	CreateTable(t *schema.Schema) []string
	DropTable(t *schema.Schema) []string
	// AddColumn adds f's column to t's table; DropColumn drops column.
	AddColumn(t *schema.Schema, f *schema.Field) []string
	DropColumn(t *schema.Schema, column string) []string
	// AlterColumns gives the columns of fields (fields of t) the type and
	// nullability t declares. SQLite, which cannot alter a column,
	// rebuilds the table as t declares it, copying t's columns.
	AlterColumns(t *schema.Schema, fields []*schema.Field) []string
	// CanAlter reports whether the database alters a column in place;
	// Rebuild rebuilds the table as t declares it, copying the columns
	// copied (those the table has now) — SQLite's way to alter.
	CanAlter() bool
	Rebuild(t *schema.Schema, copied []string) []string
	// CreateIndex creates one of t's indexes (schema.ParseIndexes);
	// DropIndex drops the index name of t's table.
	CreateIndex(t *schema.Schema, idx *schema.Index) []string
	DropIndex(t *schema.Schema, name string) []string
}

// DDLStyle is what differs between databases in the DDL a DDLWriter
// renders; each driver fills one in.
type DDLStyle struct {
	// Quote is the driver's identifier quoting.
	Quote func(string) string
	// Type is a column's type as CREATE TABLE declares it (the
	// dialector's DataTypeOf, adjusted); it may end in "PRIMARY KEY
	// AUTOINCREMENT" (SQLite), which then replaces the table's key.
	Type func(t *schema.Schema, f *schema.Field) string
	// AutoIncrement follows NOT NULL on an autoIncrement column
	// ("AUTO_INCREMENT"), or is empty where Type says it (serial types).
	AutoIncrement string
	// InlineIndexes declares the indexes inside CREATE TABLE (MySQL).
	InlineIndexes bool
	// TableOptions follows CREATE TABLE's closing parenthesis.
	TableOptions string
	// DropIndexOn names the table in DROP INDEX (MySQL).
	DropIndexOn bool
	// PartialIndexes: the database takes CREATE INDEX … WHERE.
	PartialIndexes bool
	// BeforeIndex, when set, is what CreateIndex runs first (MySQL turns
	// a TEXT column it indexes into VARCHAR(255)).
	BeforeIndex func(w DDLWriter, t *schema.Schema, idx *schema.Index) []string
	// Alter is the statements changing column f of t to its declared type
	// and nullability; nil means the table is rebuilt (SQLite).
	Alter func(w DDLWriter, t *schema.Schema, f *schema.Field) []string
}

// DDLWriter implements DDL in a database's DDLStyle.
type DDLWriter struct{ DDLStyle }

var _ DDL = DDLWriter{}

// Column is the definition of f's column: name, type, NOT NULL, DEFAULT,
// auto-increment.
func (w DDLWriter) Column(t *schema.Schema, f *schema.Field) string {
	typ := w.Type(t, f)
	var b strings.Builder
	b.WriteString(w.Quote(f.DBName) + " " + typ)
	if strings.HasSuffix(typ, "AUTOINCREMENT") {
		return b.String()
	}
	if f.NotNull || f.PrimaryKey {
		b.WriteString(" NOT NULL")
	}
	if f.DefaultValue != "" && f.DefaultValue != "(-)" && !f.AutoIncrement {
		b.WriteString(" DEFAULT " + f.DefaultValue)
	}
	if f.AutoIncrement && w.AutoIncrement != "" {
		b.WriteString(" " + w.AutoIncrement)
	}
	return b.String()
}

// Columns are t's columns, in field order.
func Columns(t *schema.Schema) []*schema.Field {
	var out []*schema.Field
	for _, f := range t.Fields {
		if f.DBName != "" && !f.IgnoreMigration {
			out = append(out, f)
		}
	}
	return out
}

// CreateTable creates t's table, then (unless InlineIndexes) its indexes.
func (w DDLWriter) CreateTable(t *schema.Schema) []string {
	return w.createTable(t, t.Table, true)
}

func (w DDLWriter) createTable(t *schema.Schema, name string, withIndexes bool) []string {
	var defs []string
	inlineKey := false
	for _, f := range Columns(t) {
		col := w.Column(t, f)
		if strings.HasSuffix(col, "AUTOINCREMENT") {
			inlineKey = true
		}
		defs = append(defs, col)
	}
	if pk := t.PrimaryFieldDBNames; len(pk) > 0 && !inlineKey {
		defs = append(defs, "PRIMARY KEY ("+JoinQuoted(w.Quote, "", pk)+")")
	}
	var after []string
	for _, idx := range t.ParseIndexes() {
		if w.InlineIndexes {
			defs = append(defs, strings.TrimSpace(idx.Class+" INDEX ")+" "+w.Quote(idx.Name)+" ("+w.indexColumns(idx)+")")
		} else {
			after = append(after, w.CreateIndex(t, idx)...)
		}
	}
	defs = append(defs, w.constraints(t)...)
	stmt := "CREATE TABLE " + w.Quote(name) + " (\n    " + strings.Join(defs, ",\n    ") + "\n)" + w.TableOptions
	if !withIndexes {
		return []string{stmt}
	}
	return append([]string{stmt}, after...)
}

// constraints are t's unique constraints, CHECKs and foreign keys, by name.
func (w DDLWriter) constraints(t *schema.Schema) []string {
	var out []string
	uniques := t.ParseUniqueConstraints()
	for _, n := range sortedKeys(uniques) {
		out = append(out, "CONSTRAINT "+w.Quote(n)+" UNIQUE ("+w.Quote(uniques[n].Field.DBName)+")")
	}
	checks := t.ParseCheckConstraints()
	for _, n := range sortedKeys(checks) {
		out = append(out, "CONSTRAINT "+w.Quote(n)+" CHECK ("+checks[n].Constraint+")")
	}
	return append(out, w.foreignKeys(t)...)
}

func (w DDLWriter) foreignKeys(t *schema.Schema) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range sortedKeys(t.Relationships.Relations) {
		c := t.Relationships.Relations[n].ParseConstraint()
		if c == nil || c.Schema == nil || c.ReferenceSchema == nil || c.Schema.Table != t.Table || seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		s := fmt.Sprintf("CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)", w.Quote(c.Name), w.fieldList(c.ForeignKeys),
			w.Quote(c.ReferenceSchema.Table), w.fieldList(c.References))
		if c.OnDelete != "" {
			s += " ON DELETE " + strings.ToUpper(c.OnDelete)
		}
		if c.OnUpdate != "" {
			s += " ON UPDATE " + strings.ToUpper(c.OnUpdate)
		}
		out = append(out, s)
	}
	return out
}

func (w DDLWriter) fieldList(fields []*schema.Field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.DBName
	}
	return JoinQuoted(w.Quote, "", names)
}

func (w DDLWriter) indexColumns(idx *schema.Index) string {
	cols := make([]string, len(idx.Fields))
	for i, f := range idx.Fields {
		c := f.Expression
		if c == "" {
			c = w.Quote(f.DBName)
			if f.Length > 0 && w.InlineIndexes {
				c += fmt.Sprintf("(%d)", f.Length)
			}
		}
		if f.Collate != "" {
			c += " COLLATE " + f.Collate
		}
		if f.Sort != "" {
			c += " " + f.Sort
		}
		cols[i] = c
	}
	return strings.Join(cols, ", ")
}

// DropTable drops t's table.
func (w DDLWriter) DropTable(t *schema.Schema) []string {
	return []string{"DROP TABLE " + w.Quote(t.Table)}
}

// AddColumn adds f's column: type, NOT NULL, DEFAULT (its CHECKs and
// unique constraints are not added: the drift check names them).
func (w DDLWriter) AddColumn(t *schema.Schema, f *schema.Field) []string {
	return []string{"ALTER TABLE " + w.Quote(t.Table) + " ADD COLUMN " + w.Column(t, f)}
}

// DropColumn drops column.
func (w DDLWriter) DropColumn(t *schema.Schema, column string) []string {
	return []string{"ALTER TABLE " + w.Quote(t.Table) + " DROP COLUMN " + w.Quote(column)}
}

// AlterColumns alters each column (Alter), or rebuilds the table.
func (w DDLWriter) AlterColumns(t *schema.Schema, fields []*schema.Field) []string {
	if len(fields) == 0 {
		return nil
	}
	if w.Alter == nil {
		var all []string
		for _, f := range Columns(t) {
			all = append(all, f.DBName)
		}
		return w.Rebuild(t, all)
	}
	var out []string
	for _, f := range fields {
		out = append(out, w.Alter(w, t, f)...)
	}
	return out
}

// CanAlter is true unless the style has no Alter.
func (w DDLWriter) CanAlter() bool { return w.Alter != nil }

// Rebuild is SQLite's documented table rebuild (sqlite.org/lang_altertable.html):
// create the table as t declares it under a new name, copy the columns
// copied, drop the old table, rename the new one, re-create the indexes.
func (w DDLWriter) Rebuild(t *schema.Schema, copied []string) []string {
	tmp := t.Table + "__rebuild"
	cols := JoinQuoted(w.Quote, "", copied)
	out := w.createTable(t, tmp, false)
	out[0] = "-- SQLite cannot alter a column: the table is rebuilt as the model declares it. With foreign keys on,\n" +
		"-- DROP TABLE deletes the rows of tables that reference it ON DELETE CASCADE: check none does.\n" + out[0]
	out = append(out,
		"INSERT INTO "+w.Quote(tmp)+" ("+cols+") SELECT "+cols+" FROM "+w.Quote(t.Table),
		"DROP TABLE "+w.Quote(t.Table),
		"ALTER TABLE "+w.Quote(tmp)+" RENAME TO "+w.Quote(t.Table))
	for _, idx := range t.ParseIndexes() {
		out = append(out, w.CreateIndex(t, idx)...)
	}
	return out
}

// CreateIndex creates idx on t's table.
func (w DDLWriter) CreateIndex(t *schema.Schema, idx *schema.Index) []string {
	s := "CREATE " + strings.TrimSpace(idx.Class+" INDEX") + " " + w.Quote(idx.Name) + " ON " + w.Quote(t.Table) + " (" + w.indexColumns(idx) + ")"
	if idx.Where != "" && w.PartialIndexes {
		s += " WHERE " + idx.Where
	}
	var out []string
	if w.BeforeIndex != nil {
		out = w.BeforeIndex(w, t, idx)
	}
	return append(out, s)
}

// DropIndex drops the index name.
func (w DDLWriter) DropIndex(t *schema.Schema, name string) []string {
	s := "DROP INDEX " + w.Quote(name)
	if w.DropIndexOn {
		s += " ON " + w.Quote(t.Table)
	}
	return []string{s}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
