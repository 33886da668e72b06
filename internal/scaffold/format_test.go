package scaffold

import "testing"

// The format comes from the extension, past a compression suffix the
// sources decompress.
func TestFormatOf(t *testing.T) {
	tests := []struct{ given, path, want string }{
		{"", "sales.csv", "csv"},
		{"", "sales.CSV.gz", "csv"},
		{"", "events.ndjson.zst", "ndjson"},
		{"", "events.jsonl.gz", "ndjson"},
		{"", "orders.json", "json"},
		{"csv", "export.txt.gz", "csv"},
	}
	for _, tt := range tests {
		if got, err := formatOf(tt.given, tt.path); err != nil || got != tt.want {
			t.Errorf("formatOf(%q, %q) = %q, %v; want %q", tt.given, tt.path, got, err, tt.want)
		}
	}
	if _, err := formatOf("", "data.gz"); err == nil {
		t.Error("data.gz: want an error asking for --format")
	}
}
