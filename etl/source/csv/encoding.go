package csvsource

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// encodings maps the names CSVOptions.Encoding accepts to single-byte
// charmaps; nil is UTF-8, read as is.
var encodings = map[string]*charmap.Charmap{
	"": nil, "utf-8": nil, "utf8": nil,
	"latin-1": charmap.ISO8859_1, "latin1": charmap.ISO8859_1, "iso-8859-1": charmap.ISO8859_1,
	"windows-1252": charmap.Windows1252, "cp1252": charmap.Windows1252,
}

// lookupEncoding returns the single-byte charmap for name, or nil for UTF-8.
func lookupEncoding(name string) (*charmap.Charmap, error) {
	cm, ok := encodings[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("unknown encoding %q (want utf-8, latin-1 or windows-1252)", name)
	}
	return cm, nil
}

// decodeString converts s from the single-byte charmap cm to UTF-8. Both
// charmaps are ASCII supersets, so ASCII-only strings are returned as is.
func decodeString(cm *charmap.Charmap, s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return s
	}
	b := make([]byte, i, len(s)+len(s)/2)
	copy(b, s[:i])
	for ; i < len(s); i++ {
		b = utf8.AppendRune(b, cm.DecodeByte(s[i]))
	}
	return string(b)
}
