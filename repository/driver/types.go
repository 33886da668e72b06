package driver

import (
	"strconv"
	"strings"
)

// SplitType splits a column type as a model or a catalogue spells it
// ("NUMERIC(12, 2)", "bigint unsigned AUTO_INCREMENT", "timestamp(3) with
// time zone") into its lower-case words before the size, the size without
// spaces ("(12,2)", or ""), and the words after it. Words are separated by
// one space.
func SplitType(decl string) (base, size, rest string) {
	s := strings.ToLower(strings.Join(strings.Fields(decl), " "))
	open := strings.IndexByte(s, '(')
	if open < 0 {
		return s, "", ""
	}
	end := strings.IndexByte(s[open:], ')')
	if end < 0 {
		return s, "", ""
	}
	size = strings.ReplaceAll(s[open:open+end+1], " ", "")
	return strings.TrimSpace(s[:open]), size, strings.TrimSpace(s[open+end+1:])
}

// TrimModifiers drops the column modifiers GORM appends to a declared
// type (" PRIMARY KEY AUTOINCREMENT", " AUTO_INCREMENT", " NULL", " NOT
// NULL") from words as SplitType returns them.
func TrimModifiers(words string) string {
	for _, m := range []string{"primary key autoincrement", "auto_increment", "not null", "null"} {
		if words == m {
			return ""
		}
		words = strings.TrimSuffix(words, " "+m)
	}
	return words
}

// FloatBits is the storage of float(p): 32 bits up to p = 24, else 64
// (the SQL standard's rule, which PostgreSQL and MySQL follow); 64 when p
// is not given.
func FloatBits(size string) int {
	p, err := strconv.Atoi(strings.Trim(size, "()"))
	if err == nil && p <= 24 {
		return 32
	}
	return 64
}

// DecimalSize spells the size of a decimal type as (p,s): "(12)" is
// "(12,0)"; no size is none, the database's default.
func DecimalSize(size, none string) string {
	switch {
	case size == "":
		return none
	case !strings.Contains(size, ","):
		return strings.TrimSuffix(size, ")") + ",0)"
	}
	return size
}
