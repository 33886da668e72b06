package repository

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"github.com/warehouse-loader/loader/repository/driver"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// Migration is a migration written from the difference between the
// models and a database (DiffSQL): up and down SQL by dialect (every
// registered driver's name), and what could not be written safely.
type Migration struct {
	Up, Down map[string]string
	// Warnings name, one line each, what is written as a comment or may
	// lose data: a possible rename, a narrowing type change, a key or
	// constraint no statement is written for.
	Warnings []string
}

// Empty reports whether the models and the database agree.
func (m Migration) Empty() bool { return len(m.Up) == 0 }

// DiffSQL compares the models with this database (Drift, plus plain
// indexes) and writes, for every registered dialect, the migration that
// brings the database to the models, and its inverse. The difference is
// model-level: each dialect's SQL is rendered from the model (driver.DDL);
// a down migration re-creates what the database had with the types this
// database reports, carried over to the other dialects by kind (integer,
// text, decimal, time …).
func (s *Store) DiffSQL(ctx context.Context, models ...any) (Migration, error) {
	drift, err := s.Drift(ctx, models...)
	if err != nil {
		return Migration{}, err
	}
	plain, err := s.plainIndexDrift(ctx, models...)
	if err != nil {
		return Migration{}, err
	}
	tables := groupDrift(append(drift, plain...))
	if len(tables) == 0 {
		return Migration{}, nil
	}
	m := Migration{Up: map[string]string{}, Down: map[string]string{}}
	for _, d := range drivers.All() {
		var up, down []string
		for _, tc := range tables {
			u, dn, warn := tc.render(d.DDL(), d.Name() == string(s.Dialect()))
			up, down = append(up, u...), append(dn, down...)
			for _, w := range warn {
				if !slices.Contains(m.Warnings, w) {
					m.Warnings = append(m.Warnings, w)
				}
			}
		}
		m.Up[d.Name()], m.Down[d.Name()] = Script(up), Script(down)
	}
	return m, nil
}

// plainIndexDrift names the plain (non-unique) indexes on one side only,
// by name, of the models' tables that exist.
func (s *Store) plainIndexDrift(ctx context.Context, models ...any) ([]Drift, error) {
	var out []Drift
	err := s.query(ctx, func(db *gorm.DB) error {
		for _, m := range models {
			st := &gorm.Statement{DB: db}
			if err := st.Parse(m); err != nil {
				return fmt.Errorf("repository: parsing model %T: %w", m, err)
			}
			sch := st.Schema
			if found, err := hasTable(db, sch.Table); err != nil || !found {
				return err
			}
			have, err := db.Migrator().GetIndexes(m)
			if err != nil {
				return fmt.Errorf("repository: reading the indexes of %s: %w", sch.Table, mapError(err))
			}
			out = append(out, compareIndexes(sch, have)...)
		}
		return nil
	})
	return out, err
}

func compareIndexes(sch *schema.Schema, have []gorm.Index) []Drift {
	var out []Drift
	names := map[string]bool{}
	for _, h := range have {
		if u, _ := h.Unique(); !u {
			if pk, _ := h.PrimaryKey(); !pk {
				names[h.Name()] = true
			}
		}
	}
	declared := map[string]bool{}
	for _, idx := range sch.ParseIndexes() {
		if idx.Class == "UNIQUE" {
			continue
		}
		declared[idx.Name] = true
		if !names[idx.Name] {
			out = append(out, Drift{Table: sch.Table, Problem: "index " + idx.Name + " declared by " + sch.Name + " is missing from the database",
				Kind: MissingIndex, Model: sch, Index: idx})
		}
	}
	for _, h := range have {
		if names[h.Name()] && !declared[h.Name()] {
			out = append(out, Drift{Table: sch.Table, Problem: "index " + h.Name() + " exists in the database but " + sch.Name + " declares none",
				Kind: ExtraIndex, Model: sch, Index: dbIndex(h.Name(), "", h.Columns())})
		}
	}
	return out
}

// indexNamed is the model's index name, or nil.
func indexNamed(sch *schema.Schema, name string) *schema.Index {
	for _, idx := range sch.ParseIndexes() {
		if idx.Name == name {
			return idx
		}
	}
	return nil
}

// dbIndex describes an index of the database, by its columns.
func dbIndex(name, class string, columns []string) *schema.Index {
	idx := &schema.Index{Name: name, Class: class}
	for _, c := range columns {
		idx.Fields = append(idx.Fields, schema.IndexOption{Field: &schema.Field{DBName: c}})
	}
	return idx
}

// tableChange is the drift of one table.
type tableChange struct {
	model            *schema.Schema
	create           bool
	add              []*schema.Field
	drop             []Drift // ExtraColumn
	alter            []Drift // TypeDiffers, NullDiffers
	addIdx, dropIdx  []*schema.Index
	other            []Drift
	oldType, oldNull map[string]Drift
}

// groupDrift groups drift by table, in the models' order.
func groupDrift(drift []Drift) []*tableChange {
	var out []*tableChange
	byTable := map[string]*tableChange{}
	for _, d := range drift {
		tc := byTable[d.Table]
		if tc == nil {
			tc = &tableChange{model: d.Model, oldType: map[string]Drift{}, oldNull: map[string]Drift{}}
			byTable[d.Table] = tc
			out = append(out, tc)
		}
		switch d.Kind {
		case MissingTable:
			tc.create = true
		case MissingColumn:
			tc.add = append(tc.add, d.Field)
		case ExtraColumn:
			tc.drop = append(tc.drop, d)
		case TypeDiffers, NullDiffers:
			if _, seen := tc.oldType[d.Column]; !seen {
				tc.alter = append(tc.alter, d)
			}
			tc.oldType[d.Column] = d
			if d.Kind == NullDiffers {
				tc.oldNull[d.Column] = d
			}
		case MissingIndex:
			tc.addIdx = append(tc.addIdx, d.Index)
		case ExtraIndex:
			tc.dropIdx = append(tc.dropIdx, d.Index)
		default:
			tc.other = append(tc.other, d)
		}
	}
	return out
}

// render writes the table's up and down statements in ddl; native says
// ddl is the compared database's own, whose reported types the down
// migration re-creates as they are.
func (tc *tableChange) render(ddl driver.DDL, native bool) (up, down, warn []string) {
	t := tc.model
	if tc.create {
		return ddl.CreateTable(t), ddl.DropTable(t), nil
	}
	for _, d := range tc.other {
		up = append(up, "-- not written, write it by hand: "+d.String())
		warn = append(warn, "not written: "+d.String())
	}
	old := tc.oldSchema(native)
	for _, idx := range tc.dropIdx {
		up = append(up, ddl.DropIndex(t, idx.Name)...)
		down = append(ddl.CreateIndex(old, idx), down...)
	}
	for _, a := range tc.alter {
		if a.Kind == TypeDiffers && mayLoseData(a.Declared, a.Field) {
			w := fmt.Sprintf("%s.%s: the type change from %s may lose data or fail on values that do not convert: check the migration", t.Table, a.Column, a.Type)
			up, warn = append(up, "-- "+w), append(warn, w)
		}
	}
	rename := len(tc.add) > 0 && len(tc.drop) > 0
	if !ddl.CanAlter() && tc.needsRebuild() {
		kept := tc.keptColumns()
		up = append(up, ddl.Rebuild(t, kept)...)
		back := ddl.Rebuild(old, kept)
		if len(tc.drop) > 0 {
			back[0] = "-- " + dropNames(tc.drop) + " come(s) back empty: the data is gone\n" + back[0]
		}
		down = append(back, down...)
		if rename {
			warn = append(warn, fmt.Sprintf("%s: SQLite rebuilds the table, which drops %s: if a column was renamed, copy it in the INSERT of the rebuild by hand", t.Table, dropNames(tc.drop)))
		}
	} else {
		u, d, w := tc.renderColumns(ddl, old, rename)
		up, down, warn = append(up, u...), append(d, down...), append(warn, w...)
	}
	for _, idx := range tc.addIdx {
		stmts := ddl.CreateIndex(t, idx)
		if len(stmts) > 1 { // the database changes the columns first: MySQL indexes no TEXT
			w := fmt.Sprintf("%s: index %s turns its text columns into VARCHAR(255) first (MySQL cannot index TEXT): a longer value fails the migration, and the down migration leaves them VARCHAR(255)", t.Table, idx.Name)
			up, warn = append(up, "-- "+w), append(warn, w)
		}
		up = append(up, stmts...)
		down = append(ddl.DropIndex(t, idx.Name), down...)
	}
	return up, down, warn
}

// renderColumns drops, adds and alters columns in place.
func (tc *tableChange) renderColumns(ddl driver.DDL, old *schema.Schema, rename bool) (up, down, warn []string) {
	t := tc.model
	for _, d := range tc.drop {
		f := old.FieldsByDBName[d.Column]
		drop := ddl.DropColumn(t, d.Column)
		readd := ddl.AddColumn(old, f)
		if rename {
			hint := fmt.Sprintf("-- if %s was renamed to %s, use ALTER TABLE %s RENAME COLUMN %s TO %s instead of the ADD COLUMN; the DROP below is commented out so no data is lost",
				d.Column, tc.add[0].DBName, t.Table, d.Column, tc.add[0].DBName)
			up = append(up, hint+"\n"+commentOut(drop))
			down = append([]string{"-- " + d.Column + " was not dropped (see the up migration)\n" + commentOut(readd)}, down...)
			warn = append(warn, fmt.Sprintf("%s: column %s dropped and %s added: if this is a rename, use RENAME COLUMN; the DROP COLUMN is written commented out", t.Table, d.Column, dropNamesFields(tc.add)))
			continue
		}
		up = append(up, drop...)
		readd[0] = "-- the column comes back empty: its data is gone\n" + readd[0]
		down = append(readd, down...)
	}
	for _, f := range tc.add {
		up = append(up, ddl.AddColumn(t, f)...)
		down = append(ddl.DropColumn(t, f.DBName), down...)
	}
	fields, oldFields := make([]*schema.Field, 0, len(tc.alter)), make([]*schema.Field, 0, len(tc.alter))
	for _, a := range tc.alter {
		fields, oldFields = append(fields, a.Field), append(oldFields, old.FieldsByDBName[a.Column])
	}
	up = append(up, ddl.AlterColumns(t, fields)...)
	down = append(ddl.AlterColumns(old, oldFields), down...)
	return up, down, warn
}

func commentOut(stmts []string) string {
	return "-- " + strings.ReplaceAll(strings.Join(stmts, ";\n"), "\n", "\n-- ")
}

func dropNames(ds []Drift) string {
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Column
	}
	return strings.Join(names, ", ")
}

func dropNamesFields(fs []*schema.Field) string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.DBName
	}
	return strings.Join(names, ", ")
}

// needsRebuild: SQLite must rebuild to alter a column or to add one NOT
// NULL without a default.
func (tc *tableChange) needsRebuild() bool {
	if len(tc.alter) > 0 {
		return true
	}
	for _, f := range tc.add {
		if f.NotNull && (f.DefaultValue == "" || f.DefaultValue == "(-)") {
			return true
		}
	}
	return false
}

// keptColumns are the model's columns the table has now.
func (tc *tableChange) keptColumns() []string {
	var out []string
	for _, f := range driver.Columns(tc.model) {
		if !slices.Contains(tc.add, f) {
			out = append(out, f.DBName)
		}
	}
	return out
}

// oldSchema is the table as the database has it, in the model's terms:
// the model without its added columns, with the dropped columns back and
// the altered ones as they were.
func (tc *tableChange) oldSchema(native bool) *schema.Schema {
	// A parse of its own, to change its fields (and for GORM's namer).
	old, err := schema.ParseWithSpecialTableName(reflect.New(tc.model.ModelType).Interface(), &sync.Map{}, namer, tc.model.Table)
	if err != nil {
		return tc.model // parsed once already: cannot fail
	}
	old.Fields, old.FieldsByDBName = nil, map[string]*schema.Field{}
	for _, f := range tc.model.Fields {
		if slices.Contains(tc.add, f) {
			continue
		}
		if a, ok := tc.oldType[f.DBName]; ok {
			f = oldField(f, a, native, tc.oldNull[f.DBName].Kind == NullDiffers)
		}
		old.Fields = append(old.Fields, f)
		if f.DBName != "" {
			old.FieldsByDBName[f.DBName] = f
		}
	}
	for _, d := range tc.drop {
		f := oldField(&schema.Field{Name: d.Column, DBName: d.Column, Schema: old, TagSettings: map[string]string{}}, d, native, true)
		old.Fields = append(old.Fields, f)
		old.FieldsByDBName[f.DBName] = f
	}
	return old
}

// oldField is f with the database's type and, if nullChanged, its
// nullability: the type as the database reports it where native, else
// carried over by kind (typeField).
func oldField(f *schema.Field, d Drift, native, nullChanged bool) *schema.Field {
	o := *f
	o.TagSettings = map[string]string{}
	for k, v := range f.TagSettings {
		if k != "TYPE" {
			o.TagSettings[k] = v
		}
	}
	o.Size, o.Precision, o.Scale = 0, 0, 0
	if native {
		o.DataType = schema.DataType(d.Type)
	} else {
		typeField(&o, d.Declared)
	}
	if nullChanged {
		o.NotNull = !d.Nullable
	}
	return &o
}

var declared = regexp.MustCompile(`^([a-z0-9 ]+?)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?(?:\s.*)?$`)

// typeField gives f the GORM data type of a declared column type, so that
// each dialect spells it its own way.
func typeField(f *schema.Field, decl string) {
	m := declared.FindStringSubmatch(strings.ToLower(strings.TrimSpace(decl)))
	if m == nil {
		f.DataType = schema.DataType(decl)
		return
	}
	base := m[1]
	n, _ := strconv.Atoi(m[2])
	switch {
	case strings.Contains(base, "bool") || base == "tinyint" && n == 1:
		f.DataType = schema.Bool
	case strings.Contains(base, "int") || strings.Contains(base, "serial"):
		f.DataType, f.Size = schema.Int, 64
		if base == "integer" || base == "int" || base == "int4" || base == "serial" || base == "mediumint" {
			f.Size = 32
		}
		if base == "smallint" || base == "int2" {
			f.Size = 16
		}
	case strings.Contains(base, "char") && n > 0:
		f.DataType, f.Size = schema.String, n
	case strings.Contains(base, "text") || strings.Contains(base, "char") || base == "clob":
		f.DataType = schema.String
	case base == "numeric" || base == "decimal":
		if m[2] == "" {
			f.DataType = "numeric"
		} else {
			f.DataType = schema.DataType("numeric(" + m[2] + "," + cmpOr(m[3], "0") + ")")
		}
	case strings.Contains(base, "time") || base == "date":
		f.DataType = schema.Time
	case strings.Contains(base, "real") || strings.Contains(base, "double") || strings.Contains(base, "float"):
		f.DataType, f.Size = schema.Float, 64
	case strings.Contains(base, "blob") || base == "bytea" || strings.Contains(base, "binary"):
		f.DataType = schema.Bytes
	default:
		f.DataType = schema.DataType(decl)
	}
}

func cmpOr(a, b string) string {
	if a == "" {
		return b
	}
	return a
}

// typeClass is the kind of values a type holds, by rank of what it can
// hold: a change to a lower class, or within integers to fewer bits, may
// lose data.
func typeClass(f *schema.Field) (class, bits int) {
	switch f.DataType {
	case schema.Bool:
		return 1, 1
	case schema.Int, schema.Uint:
		return 2, f.Size
	case schema.Float:
		return 3, f.Size
	case schema.Time:
		return 4, 0
	case schema.Bytes:
		return 5, 0
	case schema.String:
		return 6, f.Size
	}
	if strings.HasPrefix(string(f.DataType), "numeric") {
		return 3, 0
	}
	return 0, 0
}

// mayLoseData reports whether changing a column declared decl to f's
// type may lose or refuse values (text to integer, bigint to integer …).
func mayLoseData(decl string, f *schema.Field) bool {
	from := &schema.Field{}
	typeField(from, decl)
	to := &schema.Field{DataType: f.DataType, Size: f.Size}
	if t, ok := f.TagSettings["TYPE"]; ok {
		typeField(to, t)
	}
	fc, fb := typeClass(from)
	tc, tb := typeClass(to)
	if tc == 6 {
		return tb > 0 && (fc != 6 || fb == 0 || fb > tb)
	}
	return fc != tc || (tb > 0 && fb > tb) || fc == 0
}
