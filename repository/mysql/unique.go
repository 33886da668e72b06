package mysql

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/warehouse-loader/loader/repository/driver"
)

// ErrOtherUniqueKey is an upsert refused because its table has a unique
// index other than its key's: ON DUPLICATE KEY UPDATE fires on a
// duplicate in any of them, and would overwrite a row of another key.
var ErrOtherUniqueKey = errors.New("upsert on MySQL needs the key to be the table's only unique key (or primary key)")

// checkUnique refuses an upsert into table on keys when the table has a
// unique index other than the one on exactly keys. The verdict is
// remembered per driver.
func (d Driver) checkUnique(ctx context.Context, tx driver.Tx, table string, keys []string) error {
	sorted := slices.Sorted(slices.Values(keys))
	cacheKey := table + "\x00" + strings.Join(sorted, "\x00")
	if v, ok := d.st.cached(cacheKey); ok {
		return v.err
	}
	rows, err := tx.QueryContext(ctx, `SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY COLUMN_NAME SEPARATOR '\t')
		FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND NON_UNIQUE = 0
		GROUP BY INDEX_NAME ORDER BY INDEX_NAME`, table)
	if err != nil {
		return fmt.Errorf("reading the unique keys of %s: %w", table, err)
	}
	defer func() { _ = rows.Close() }()
	var refusal error
	for rows.Next() {
		var index, cols string
		if err := rows.Scan(&index, &cols); err != nil {
			return fmt.Errorf("reading the unique keys of %s: %w", table, err)
		}
		if refusal == nil && !slices.Equal(slices.Sorted(slices.Values(strings.Split(cols, "\t"))), sorted) {
			refusal = fmt.Errorf("upsert into %s: unique index %s is not the key (%s): %w",
				table, index, strings.Join(keys, ", "), ErrOtherUniqueKey)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the unique keys of %s: %w", table, err)
	}
	d.st.remember(cacheKey, verdict{err: refusal})
	return refusal
}
