package mysql

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// maxIdent is the longest identifier MySQL takes, in characters.
const maxIdent = 64

// hashLen is the hex digits of the hash a shortened name ends with.
const hashLen = 32

// fit returns name, or where it is longer than MySQL takes (a staging
// table of a long table or pipeline name, its foreign keys) its first
// characters and a hash of the whole: distinct names stay distinct.
func fit(name string) string {
	if utf8.RuneCountInString(name) <= maxIdent {
		return name
	}
	sum := sha256.Sum256([]byte(name))
	keep := []rune(name)[:maxIdent-hashLen-1]
	return string(keep) + "_" + hex.EncodeToString(sum[:hashLen/2])
}

// quoteIdent quotes name, fitted to MySQL's length, in backticks.
func quoteIdent(name string) string {
	return "`" + strings.ReplaceAll(fit(name), "`", "``") + "`"
}
