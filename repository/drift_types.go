package repository

import (
	"strings"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository/driver"
)

// shownType is a declared type as a drift line shows it: in full, lower
// case, without GORM's column modifiers.
func shownType(decl string) string {
	base, size, rest := driver.SplitType(decl)
	return strings.TrimSpace(driver.TrimModifiers(base + size + " " + rest))
}

// columnTypeText is the column's type as the catalogue spells it in full.
func columnTypeText(c gorm.ColumnType) string {
	if full, ok := c.ColumnType(); ok && full != "" {
		return shownType(full)
	}
	return shownType(c.DatabaseTypeName())
}
