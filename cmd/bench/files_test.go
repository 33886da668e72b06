package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/salesgen"
)

// The split files hold the raw CSV's rows in order, each file its header,
// and no row and its exact duplicate fall in two files.
func TestSplitRawKeepsEveryRowInOrderAndDuplicatesTogether(t *testing.T) {
	header := strings.Join(salesgen.Header, ",") + "\n"
	for _, tt := range []struct {
		n, k int
		rows string // "": n generated rows
		want []int  // rows of each file, when given
	}{
		{n: 5000, k: 40},
		{n: 10, k: 1},
		{n: 3, k: 5}, // more files than rows: some hold the header alone
		{n: 4, k: 2, rows: "A\nB\nB\nC\n", want: []int{3, 1}},          // B's duplicate stays with B
		{n: 6, k: 3, rows: "A\nB\nB\nB\nB\nC\n", want: []int{5, 1, 0}}, // and every further one
	} {
		t.Run(fmt.Sprintf("%d rows in %d files", tt.n, tt.k), func(t *testing.T) {
			dir := t.TempDir()
			raw := filepath.Join(dir, "raw.csv")
			err := os.WriteFile(raw, []byte(header+tt.rows), 0o600)
			if tt.rows == "" {
				err = writeRaw(raw, tt.n, 1)
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := splitRaw(raw, filepath.Join(dir, "parts"), tt.n, tt.k); err != nil {
				t.Fatal(err)
			}
			whole, err := os.ReadFile(raw)
			if err != nil {
				t.Fatal(err)
			}
			var joined bytes.Buffer
			joined.WriteString(header)
			prevLast := ""
			for i := range tt.k {
				part, err := os.ReadFile(filepath.Join(dir, "parts", fmt.Sprintf("part-%03d.csv", i)))
				if err != nil {
					t.Fatal(err)
				}
				rows, ok := strings.CutPrefix(string(part), header)
				if !ok {
					t.Fatalf("part %d does not start with the header: %.80q", i, part)
				}
				lines := strings.SplitAfter(rows, "\n")
				if i < len(tt.want) && len(lines)-1 != tt.want[i] {
					t.Errorf("part %d holds %d rows, want %d", i, len(lines)-1, tt.want[i])
				}
				if rows != "" {
					if first := lines[0]; first == prevLast {
						t.Errorf("part %d starts with the duplicate of part %d's last row %q", i, i-1, first)
					}
					prevLast = lines[len(lines)-2] // the last is "" after the final newline
				}
				joined.WriteString(rows)
			}
			if !bytes.Equal(joined.Bytes(), whole) {
				t.Errorf("the parts hold %d bytes of rows, the raw CSV %d: not the same rows in the same order", joined.Len(), len(whole))
			}
		})
	}
}
