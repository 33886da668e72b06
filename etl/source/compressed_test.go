package source_test

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// bigInputs are files larger than the read buffer, with records that span
// lines, of every file kind and layout.
func bigInputs(rows int) []struct {
	file, content string
	newSrc        newSource
} {
	var csvText, ndjson, array strings.Builder
	csvText.WriteString("id,text\n")
	array.WriteString("[\n")
	for i := range rows {
		text := strings.Repeat("x", i%97)
		if i%13 == 0 {
			text = "\"multi\n" + text + "\nline\""
		}
		fmt.Fprintf(&csvText, "%d,%s\n", i, text)
		fmt.Fprintf(&ndjson, "{\"id\":%d,\"text\":%q}\n", i, text)
		fmt.Fprintf(&array, "  {\"id\": %d,\n   \"text\": %q},\n", i, text)
	}
	array.WriteString("  {\"id\": -1}\n]\n")
	return []struct {
		file, content string
		newSrc        newSource
	}{
		{"big.csv", csvText.String(), csvSource},
		{"big.ndjson", ndjson.String(), jsonSource},
		{"big.json", array.String(), jsonSource},
	}
}

// writeCompressed writes content compressed in the format of ext to name.
func writeCompressed(t *testing.T, name, ext, content string) string {
	t.Helper()
	return sourcetest.WriteFile(t, name, string(sourcetest.Compress(t, ext, content)))
}

// withoutPath drops the file name a cursor carries for messages.
func withoutPath(cp etl.Checkpoint) etl.Checkpoint {
	parts := strings.SplitN(cp.Cursor, ":", 5)
	cp.Cursor = strings.Join(parts[:4], ":")
	return cp
}

// TestCompressedLikePlain: a compressed file gives the records of its
// plain version and the same checkpoints (offsets, lines and fingerprint
// of the decompressed bytes), which resume either file at any point.
func TestCompressedLikePlain(t *testing.T) {
	const rows = 6000
	for _, tc := range bigInputs(rows) {
		plain := sourcetest.WriteFile(t, tc.file, tc.content)
		all := sourcetest.ReadFrom(t, tc.newSrc(plain), etl.Checkpoint{})
		for _, ext := range sourcetest.Compressions {
			t.Run(tc.file+ext, func(t *testing.T) {
				path := writeCompressed(t, tc.file+ext, ext, tc.content)
				if got := sourcetest.ReadFrom(t, tc.newSrc(path), etl.Checkpoint{}); !reflect.DeepEqual(got, all) {
					t.Fatalf("%d records, want the %d of the plain file", len(got), len(all))
				}
				for _, k := range []int{0, 1, 777, 2999, 4096, len(all) - 1, len(all)} {
					_, cp := sourcetest.ReadCheckpoint(t, tc.newSrc(path), k)
					_, plainCP := sourcetest.ReadCheckpoint(t, tc.newSrc(plain), k)
					if withoutPath(cp) != withoutPath(plainCP) {
						t.Fatalf("after %d records: checkpoint %+v, the plain file's %+v", k, cp, plainCP)
					}
					if rest := sourcetest.ReadFrom(t, tc.newSrc(path), cp); !sameReads(rest, all[k:]) {
						t.Fatalf("after %d records: %d records resumed, want %d", k, len(rest), len(all)-k)
					}
					if rest := sourcetest.ReadFrom(t, tc.newSrc(path), plainCP); !sameReads(rest, all[k:]) {
						t.Fatalf("the plain file's checkpoint after %d records: %d records resumed, want %d", k, len(rest), len(all)-k)
					}
				}
			})
		}
	}
}

// sameReads reports whether a and b hold the same records (none is none).
func sameReads(a, b []sourcetest.Read) bool {
	return len(a) == 0 && len(b) == 0 || reflect.DeepEqual(a, b)
}

// TestCompressedDetectedByMagic: a compressed file is read as such
// whatever its name, and a plain file named .gz is refused as damaged.
func TestCompressedDetectedByMagic(t *testing.T) {
	const content = "a,b\n1,2\n3,4\n"
	for _, ext := range sourcetest.Compressions {
		for _, name := range []string{"data.csv", "data", "data.csv.gz", "data.zst"} {
			path := writeCompressed(t, name, ext, content)
			recs := sourcetest.ReadFrom(t, csvSource(path), etl.Checkpoint{})
			if len(recs) != 2 || recs[1].Raw[1] != "4" {
				t.Errorf("%s compressed as %s: %+v", name, ext, recs)
			}
		}
	}
}

// TestCompressedProgress: Size and Done count compressed bytes, so the
// progress of a compressed file ends at its size.
func TestCompressedProgress(t *testing.T) {
	content := bigInputs(20000)[0].content
	for _, ext := range sourcetest.Compressions {
		path := writeCompressed(t, "big.csv"+ext, ext, content)
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		src := mustMake(t, csvSource, path)
		sourcetest.Open(t, src, etl.Checkpoint{})
		if _, _, err := sourcetest.ReadN(t, src, -1); err != nil {
			t.Fatal(err)
		}
		sized := src.(etl.Sized)
		if sized.Size() != fi.Size() || sized.Done() != fi.Size() {
			t.Errorf("%s: Size %d, Done %d at the end; want both the compressed size %d (%d decompressed)",
				ext, sized.Size(), sized.Done(), fi.Size(), len(content))
		}
		src.Close()
	}
}
