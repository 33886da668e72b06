package mysql

import (
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository/driver"
)

// ActualType spells the column's COLUMN_TYPE as NormalType does.
func (d Driver) ActualType(c gorm.ColumnType) string {
	if full, ok := c.ColumnType(); ok && full != "" {
		return d.NormalType(full)
	}
	return d.NormalType(c.DatabaseTypeName())
}

// Columns are GORM's, as they are.
func (Driver) Columns(_ *gorm.DB, _ string, cols []gorm.ColumnType) ([]gorm.ColumnType, error) {
	return cols, nil
}

const keysSQL = `
SELECT INDEX_NAME AS name, INDEX_NAME = 'PRIMARY' AS is_primary, COALESCE(COLUMN_NAME, '') AS col
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0
ORDER BY INDEX_NAME, SEQ_IN_INDEX`

type keyRow struct {
	Name      string
	IsPrimary bool
	Col       string
}

// Keys reads the primary key and unique indexes of a table (MySQL has no
// partial indexes and no deferrable constraints).
func (Driver) Keys(db *gorm.DB, table string) ([]driver.KeyIndex, error) {
	var rows []keyRow
	if err := db.Raw(keysSQL, table).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return driver.FoldRows(rows, func(a, b keyRow) bool { return a.Name == b.Name },
		func(r keyRow) driver.KeyIndex { return driver.KeyIndex{Name: r.Name, Primary: r.IsPrimary} },
		func(k *driver.KeyIndex, r keyRow) { k.Columns = append(k.Columns, r.Col) }), nil
}

const foreignKeysSQL = `
SELECT k.CONSTRAINT_NAME AS name, k.COLUMN_NAME AS col, k.REFERENCED_TABLE_NAME AS ref_table,
       k.REFERENCED_COLUMN_NAME AS ref_col, r.DELETE_RULE AS on_delete, r.UPDATE_RULE AS on_update
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.TABLE_NAME = ? AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION`

// ForeignKeys reads the foreign keys of a table.
func (Driver) ForeignKeys(db *gorm.DB, table string) ([]driver.ForeignKey, error) {
	var rows []driver.FKRow
	if err := db.Raw(foreignKeysSQL, table).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].OnDelete, rows[i].OnUpdate = action(rows[i].OnDelete), action(rows[i].OnUpdate)
	}
	return driver.GroupForeignKeys(rows), nil
}

// action spells RESTRICT, which MariaDB reports for an action left out
// and InnoDB enforces as NO ACTION does, as NO ACTION.
func action(a string) string {
	if a == "RESTRICT" {
		return driver.NoAction
	}
	return a
}

// checksSQL joins on the table too: MariaDB names a CHECK per table
// (CHECK_CONSTRAINTS.TABLE_NAME), MySQL per schema.
const checksSQL = `
SELECT c.CONSTRAINT_NAME AS name, c.CHECK_CLAUSE AS expr
FROM information_schema.TABLE_CONSTRAINTS t
JOIN information_schema.CHECK_CONSTRAINTS c
  ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME
WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME = ? AND t.CONSTRAINT_TYPE = 'CHECK'`

type checkRow struct{ Name, Expr string }

// Checks reads the CHECK constraints of a table, with the columns (of
// those given) each one reads.
func (d Driver) Checks(db *gorm.DB, table string, columns []string) ([]driver.CheckConstraint, error) {
	var rows []checkRow
	q := checksSQL + " AND c.TABLE_NAME = t.TABLE_NAME ORDER BY c.CONSTRAINT_NAME"
	if err := db.Raw(q, table).Scan(&rows).Error; err != nil {
		// MySQL's CHECK_CONSTRAINTS has no TABLE_NAME.
		if err := db.Raw(checksSQL+" ORDER BY c.CONSTRAINT_NAME", table).Scan(&rows).Error; err != nil {
			return nil, err
		}
	}
	out := make([]driver.CheckConstraint, len(rows))
	for i, r := range rows {
		out[i] = driver.CheckConstraint{Name: r.Name, Expr: "CHECK (" + r.Expr + ")", Columns: driver.ColumnsIn(d.Lexer(), r.Expr, columns),
			Literals: driver.LiteralsIn(d.Lexer(), r.Expr)}
	}
	return out, nil
}
