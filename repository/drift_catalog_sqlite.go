package repository

import (
	"gorm.io/gorm"
)

type sqlitePKRow struct{ Name string }

type sqliteIndexRow struct {
	Name     string
	IsUnique bool
	Origin   string // "c" CREATE INDEX, "u" UNIQUE constraint, "pk" PRIMARY KEY
	Partial  bool
}

// sqliteKeys reads the primary key (from table_info: an INTEGER PRIMARY
// KEY has no index) and the unique indexes of a table.
func sqliteKeys(db *gorm.DB, table string) ([]keyIndex, error) {
	var pk []sqlitePKRow
	if err := db.Raw(`SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`, table).Scan(&pk).Error; err != nil {
		return nil, err
	}
	var out []keyIndex
	if len(pk) > 0 {
		k := keyIndex{Name: "PRIMARY KEY", Primary: true}
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
		out = append(out, keyIndex{Name: ix.Name, Partial: ix.Partial, Columns: cols})
	}
	return out, nil
}

// sqliteForeignKeys reads the foreign keys of a table; a REFERENCES
// without columns names the parent's primary key.
func sqliteForeignKeys(db *gorm.DB, table string) ([]foreignKey, error) {
	var rows []fkRow
	q := `SELECT id, "from" AS col, "table" AS ref_table, COALESCE("to", '') AS ref_col, on_delete, on_update
		FROM pragma_foreign_key_list(?) ORDER BY id, seq`
	if err := db.Raw(q, table).Scan(&rows).Error; err != nil {
		return nil, err
	}
	fks := groupForeignKeys(rows)
	for i, fk := range fks {
		if fk.RefColumns[0] != "" {
			continue
		}
		keys, err := sqliteKeys(db, fk.RefTable)
		if err != nil {
			return nil, err
		}
		if len(keys) > 0 && keys[0].Primary {
			fks[i].RefColumns = keys[0].Columns
		}
	}
	return fks, nil
}

// sqliteChecks reads the CHECK constraints from the table's CREATE TABLE
// statement, the only place SQLite keeps them.
func sqliteChecks(db *gorm.DB, table string, columns []string) ([]checkConstraint, error) {
	var ddl []string
	if err := db.Raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&ddl).Error; err != nil {
		return nil, err
	}
	if len(ddl) == 0 {
		return nil, nil
	}
	return checksInDDL(ddl[0], columns), nil
}
