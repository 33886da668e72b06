package value

import (
	"strings"
	"testing"
)

func TestBools(t *testing.T) {
	def, ja := DefaultBools.Parse, Bools{True: []string{"ja"}, False: []string{"nein"}}.Parse
	checkParse(t, []parseCase[bool]{
		{def, " YES ", true, "", nil}, {def, "t", true, "", nil}, {def, "TRUE", true, "", nil}, {def, "tRuE", true, "", nil},
		{def, "1", true, "", nil}, {def, "F", false, "", nil}, {def, "no", false, "", nil}, {def, "0", false, "", nil},
		{def, "maybe", false, `"maybe" is not a valid bool; expected true (true, t, yes, y, 1) or false (false, f, no, n, 0)`, ErrSyntax},
		{def, "", false, `"" is not a valid bool`, ErrSyntax}, {def, "01", false, `"01" is not a valid bool`, ErrSyntax},
		{ja, "JA", true, "", nil}, {ja, "yes", false, `"yes" is not a valid bool; expected true (ja) or false (nein)`, ErrSyntax},
	})
}

func TestText(t *testing.T) {
	cases := []struct {
		in     string
		maxLen int
		reason string
	}{
		{"héllo", 5, ""}, {"héllo", 0, ""}, {strings.Repeat("x", 1000), 0, ""},
		{"ábcdéf", 5, "text has 6 characters, varchar(5) holds at most 5"},
		{"a\x00b", 0, "text has a NUL byte at byte offset 1, which the warehouse cannot store"},
		{"ab\xff", 0, "text is not valid UTF-8 at byte offset 2; set the source's encoding"},
	}
	for _, tc := range cases {
		refusal(t, tc.in, Text(tc.in, tc.maxLen), tc.reason, ErrRange)
	}
}
