package csvsource_test

import (
	"os"
	"path/filepath"
	"testing"

	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

func FuzzCSV(f *testing.F) {
	for _, s := range []string{
		"a,b\n1,2\n",
		"\ufeffa,b\r\n\"x,\"\"y\"\"\nz\",\r\n",
		"a\n\"open\n",
		"a,b\n1\n1,2,3\n",
		"a;b\n# c\n1;x\"y\n",
		"a,a\n",
		"a,b\n\xff,\xfe\n",
		"",
	} {
		f.Add(s)
	}
	path := filepath.Join(f.TempDir(), "f.csv")
	f.Fuzz(func(t *testing.T, content string) {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil { // a worker runs one input at a time
			t.Fatal(err)
		}
		src, err := csvsource.NewCSV(path, csvsource.CSVOptions{Comment: '#'})
		if err != nil {
			t.Fatal(err)
		}
		sourcetest.Survive(t, src, false)
	})
}
