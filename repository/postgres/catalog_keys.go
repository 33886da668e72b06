package postgres

import (
	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/sqltext"
	"github.com/warehouse-loader/loader/repository/driver"
)

// pgTable resolves a table name along the search_path, as queries do.
const pgTable = "to_regclass(quote_ident(?))"

const pgKeysSQL = `
SELECT ic.relname AS name, i.indisprimary AS is_primary, i.indpred IS NOT NULL AS partial,
       NOT i.indimmediate AS deferrable, COALESCE(a.attname, '') AS col
FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid
CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
WHERE i.indrelid = ` + pgTable + ` AND i.indisunique AND i.indisvalid AND k.n <= i.indnkeyatts
ORDER BY ic.relname, k.n`

type pgKeyRow struct {
	Name       string
	IsPrimary  bool
	Partial    bool
	Deferrable bool
	Col        string
}

// Keys reads the primary key and unique indexes (unique constraints are
// backed by one) of a table.
func (*Driver) Keys(db *gorm.DB, table string) ([]driver.KeyIndex, error) {
	var rows []pgKeyRow
	if err := db.Raw(pgKeysSQL, table).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return driver.FoldRows(rows, func(a, b pgKeyRow) bool { return a.Name == b.Name },
		func(r pgKeyRow) driver.KeyIndex {
			return driver.KeyIndex{Name: r.Name, Primary: r.IsPrimary, Partial: r.Partial, Deferrable: r.Deferrable}
		},
		func(k *driver.KeyIndex, r pgKeyRow) { k.Columns = append(k.Columns, r.Col) }), nil
}

const pgForeignKeysSQL = `
SELECT c.conname AS name, a.attname AS col, rt.relname AS ref_table, ra.attname AS ref_col,
       c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update
FROM pg_constraint c
JOIN pg_class rt ON rt.oid = c.confrelid
CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, refnum, n)
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refnum
WHERE c.contype = 'f' AND c.conrelid = ` + pgTable + `
ORDER BY c.conname, k.n`

// pgActions spells pg_constraint's action codes as SQL.
var pgActions = map[string]string{"a": driver.NoAction, "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}

// ForeignKeys reads the foreign keys of a table.
func (*Driver) ForeignKeys(db *gorm.DB, table string) ([]driver.ForeignKey, error) {
	var rows []driver.FKRow
	if err := db.Raw(pgForeignKeysSQL, table).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].OnDelete, rows[i].OnUpdate = pgActions[rows[i].OnDelete], pgActions[rows[i].OnUpdate]
	}
	return driver.GroupForeignKeys(rows), nil
}

const pgChecksSQL = `
SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS expr, COALESCE(a.attname, '') AS col
FROM pg_constraint c
LEFT JOIN LATERAL unnest(c.conkey) AS k(attnum) ON true
LEFT JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
WHERE c.contype = 'c' AND c.conrelid = ` + pgTable + `
ORDER BY c.conname`

type pgCheckRow struct{ Name, Expr, Col string }

// Checks reads the CHECK constraints of a table with the columns each
// one reads (the catalogue knows them: no column names needed).
func (*Driver) Checks(db *gorm.DB, table string, _ []string) ([]driver.CheckConstraint, error) {
	var rows []pgCheckRow
	if err := db.Raw(pgChecksSQL, table).Scan(&rows).Error; err != nil {
		return nil, err
	}
	return driver.FoldRows(rows, func(a, b pgCheckRow) bool { return a.Name == b.Name },
		func(r pgCheckRow) driver.CheckConstraint {
			return driver.CheckConstraint{Name: r.Name, Expr: r.Expr, Literals: driver.LiteralsIn(sqltext.Postgres, r.Expr)}
		},
		func(c *driver.CheckConstraint, r pgCheckRow) {
			if r.Col != "" {
				c.Columns = driver.SortedSet(append(c.Columns, r.Col))
			}
		}), nil
}
