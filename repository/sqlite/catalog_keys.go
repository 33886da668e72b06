package sqlite

import (
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/sqltext"
	"github.com/warehouse-loader/loader/repository/driver"
)

type sqlitePKRow struct{ Name string }

type sqliteIndexRow struct {
	Name     string
	IsUnique bool
	Origin   string // "c" CREATE INDEX, "u" UNIQUE constraint, "pk" PRIMARY KEY
	Partial  bool
}

// Keys reads the primary key (from table_info: an INTEGER PRIMARY
// KEY has no index) and the unique indexes of a table.
func (*Driver) Keys(db *gorm.DB, table string) ([]driver.KeyIndex, error) {
	var pk []sqlitePKRow
	if err := db.Raw(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, table).Scan(&pk).Error; err != nil {
		return nil, err
	}
	var out []driver.KeyIndex
	if len(pk) > 0 {
		k := driver.KeyIndex{Name: "PRIMARY KEY", Primary: true}
		for _, c := range pk {
			k.Columns = append(k.Columns, c.Name)
		}
		out = append(out, k)
	}
	var idx []sqliteIndexRow
	if err := db.Raw(`SELECT name, "unique" AS is_unique, origin, partial FROM pragma_index_list(?) ORDER BY name`, table).Scan(&idx).Error; err != nil {
		return nil, err
	}
	for _, ix := range idx {
		if !ix.IsUnique || ix.Origin == "pk" {
			continue
		}
		var cols []string
		if err := db.Raw(`SELECT COALESCE(name, '') FROM pragma_index_info(?) ORDER BY seqno`, ix.Name).Scan(&cols).Error; err != nil {
			return nil, err
		}
		out = append(out, driver.KeyIndex{Name: ix.Name, Partial: ix.Partial, Columns: cols})
	}
	return out, nil
}

// ForeignKeys reads the foreign keys of a table; a REFERENCES
// without columns names the parent's primary key.
func (d *Driver) ForeignKeys(db *gorm.DB, table string) ([]driver.ForeignKey, error) {
	var rows []driver.FKRow
	q := `SELECT id, "from" AS col, "table" AS ref_table, COALESCE("to", '') AS ref_col, on_delete, on_update
		FROM pragma_foreign_key_list(?) ORDER BY id, seq`
	if err := db.Raw(q, table).Scan(&rows).Error; err != nil {
		return nil, err
	}
	fks := driver.GroupForeignKeys(rows)
	for i, fk := range fks {
		if fk.RefColumns[0] != "" {
			continue
		}
		keys, err := d.Keys(db, fk.RefTable)
		if err != nil {
			return nil, err
		}
		if len(keys) > 0 && keys[0].Primary {
			fks[i].RefColumns = keys[0].Columns
		}
	}
	return fks, nil
}

// Checks reads the CHECK constraints from the table's CREATE TABLE
// statement, the only place SQLite keeps them.
func (*Driver) Checks(db *gorm.DB, table string, columns []string) ([]driver.CheckConstraint, error) {
	var ddl []string
	if err := db.Raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&ddl).Error; err != nil {
		return nil, err
	}
	if len(ddl) == 0 {
		return nil, nil
	}
	return checksInDDL(ddl[0], columns), nil
}

// checksInDDL finds the CHECK clauses of a SQLite CREATE TABLE statement.
func checksInDDL(ddl string, columns []string) []driver.CheckConstraint {
	toks := sqltext.SQLite.Tokens(ddl)
	var out []driver.CheckConstraint
	for i, t := range toks {
		if !t.Is("CHECK") || i+1 >= len(toks) || toks[i+1].Text != "(" {
			continue
		}
		end := closingParen(toks, i+1)
		if end < 0 {
			continue
		}
		expr := ddl[t.Pos : toks[end].Pos+1]
		c := driver.CheckConstraint{Expr: expr, Columns: driver.ColumnsIn(sqltext.SQLite, expr, columns), Literals: driver.LiteralsIn(sqltext.SQLite, expr)}
		if i >= 2 && toks[i-2].Is("CONSTRAINT") {
			if c.Name = toks[i-1].Text; toks[i-1].Kind == sqltext.Quoted {
				c.Name = driver.Unquote(c.Name)
			}
		}
		out = append(out, c)
	}
	return out
}

// closingParen returns the index of the token closing the parenthesis at
// open, or -1.
func closingParen(toks []sqltext.Token, open int) int {
	depth := 0
	for i := open; i < len(toks); i++ {
		if toks[i].Kind != sqltext.Punct {
			continue
		}
		switch toks[i].Text {
		case "(":
			depth++
		case ")":
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}
