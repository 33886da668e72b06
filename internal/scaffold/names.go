package scaffold

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// tableName is what NAME may be: a table, a pipeline and a file name.
var tableName = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// checkName refuses a NAME that is not snake_case.
func checkName(name string) error {
	if !tableName.MatchString(name) {
		return fmt.Errorf("name %q is not snake_case: use lower-case letters, digits and single underscores, starting with a letter (e.g. movie_sales)", name)
	}
	return nil
}

// initialisms are written in capitals in Go names, as golint wants.
var initialisms = map[string]bool{
	"api": true, "ascii": true, "csv": true, "dns": true, "html": true, "http": true, "https": true,
	"id": true, "ip": true, formatJSON: true, "sql": true, "ssn": true, "uid": true, "uri": true,
	"url": true, "utc": true, "utf8": true, "uuid": true, "xml": true,
}

// goName returns the exported Go name of a snake_case column or table:
// us_gross → UsGross, zip_id → ZipID; a name that starts with a digit
// gets an F in front.
func goName(snake string) string {
	var b strings.Builder
	for _, part := range strings.Split(snake, "_") {
		if part == "" {
			continue
		}
		if initialisms[part] {
			b.WriteString(strings.ToUpper(part))
			continue
		}
		for i, r := range part {
			if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
				if i == 0 {
					r = unicode.ToUpper(r)
				}
				b.WriteRune(r)
			}
		}
	}
	s := b.String()
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "F" + s
	}
	return s
}
