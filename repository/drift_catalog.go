package repository

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository/driver"
)

// The drift check reads keys and constraints through the driver's
// catalogue readers (driver.Catalog), in the shape of package driver.
type (
	keyIndex        = driver.KeyIndex
	foreignKey      = driver.ForeignKey
	checkConstraint = driver.CheckConstraint
)

// tableCatalog is what the database holds for one table.
type tableCatalog struct {
	keys   []keyIndex
	fks    []foreignKey
	checks []checkConstraint
}

// readCatalog reads the keys and constraints of an existing table;
// columns are its column names.
func (s *Store) readCatalog(db *gorm.DB, table string, columns []string) (tableCatalog, error) {
	var c tableCatalog
	var err error
	if c.keys, err = s.drv.Keys(db, table); err == nil {
		if c.fks, err = s.drv.ForeignKeys(db, table); err == nil {
			c.checks, err = s.drv.Checks(db, table, columns)
		}
	}
	if err != nil {
		return c, fmt.Errorf("repository: reading keys and constraints of %s: %w", table, mapError(err))
	}
	return c, nil
}

// readKeys reads only the primary key and unique indexes of a table.
func (s *Store) readKeys(db *gorm.DB, table string) ([]keyIndex, error) {
	keys, err := s.drv.Keys(db, table)
	if err != nil {
		return nil, fmt.Errorf("repository: reading the keys of %s: %w", table, mapError(err))
	}
	return keys, nil
}
