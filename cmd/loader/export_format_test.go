package main

import (
	"encoding/json"
	"testing"
)

// TestAppendJSONString: what it writes is JSON that decodes to the text,
// invalid UTF-8 replaced by U+FFFD.
func TestAppendJSONString(t *testing.T) {
	for _, tc := range []struct{ in, want, decoded string }{
		{"plain", `"plain"`, "plain"},
		{"a \"q\" \\ b", `"a \"q\" \\ b"`, "a \"q\" \\ b"},
		{"l1\nl2\r\tx", `"l1\nl2\r\tx"`, "l1\nl2\r\tx"},
		{"\x00\x1f", `"\u0000\u001f"`, "\x00\x1f"},
		{"é \u65e5 🚀 <&>", "\"é \u65e5 🚀 <&>\"", "é \u65e5 🚀 <&>"},
		{"bad \xff", `"bad \ufffd"`, "bad \ufffd"},
		{"\u2028", `"\u2028"`, "\u2028"},
	} {
		got := string(appendJSONString(nil, tc.in))
		var decoded string
		if err := json.Unmarshal([]byte(got), &decoded); got != tc.want || err != nil || decoded != tc.decoded {
			t.Errorf("%q: %s (decodes to %q, %v), want %s", tc.in, got, decoded, err, tc.want)
		}
	}
}

// TestByteSize: sizes read as people write them.
func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KB", 126 << 10: "126 KB", 97 << 20: "97 MB", 3 << 30: "3.0 GB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
