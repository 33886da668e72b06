package csvsource_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/etl/source/sourcetest"
)

// The kit's helpers, by the names this package's tests use.
type got = sourcetest.Read

var (
	writeFile = sourcetest.WriteFile
	readN     = sourcetest.ReadN
	open      = sourcetest.Open
	row       = sourcetest.Row
)

// kind is the csv kind as the source kit sees it.
var kind = sourcetest.Kind{
	Input: func(t *testing.T, content string) sourcetest.New {
		return kitSource(writeFile(t, "data.csv", content))
	},
	Records: func(n int) string {
		var b strings.Builder
		b.WriteString("id,text\n")
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "%d,row %d\n", i, i)
		}
		return b.String()
	},
	Edit: func(content string) string { return strings.Replace(content, "\n1,", "\n9,", 1) },
	Resumable: []string{
		"\ufeff# head\r\nid,text\r\n1,\"a\r\nb\"\r\n\r\n2,plain\r\n# c\r\n3,\"x\n\ny\nz\"\r\n" +
			"4,too,many\r\n5,\"\"\"q\"\"\"\r\n6,last",
	},
	Bad: []string{
		"",
		"a,a\n1,2\n",
		"a,\"b\n",
		"a,b\n1,2\n3,\"open\nstill open\n",
		"a,b\n1,2\n3,4\n5,x\"y\n",
		"a,b,c\n1,2\n1,2,3,4,\n",
		"a,b\n1,caf\xe9\n2,ok\n",
		"\xff\xfea\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00",
	},
}

// kitSource makes sources over the file at path, as the kit's do.
func kitSource(path string) sourcetest.New {
	return func() (etl.Source, error) { return csvsource.NewCSV(path, csvsource.CSVOptions{Comment: '#'}) }
}

func TestKit(t *testing.T) {
	sourcetest.Run(t, kind)
	for _, ext := range sourcetest.Compressions {
		t.Run(ext, func(t *testing.T) {
			k := kind
			k.Input = func(t *testing.T, content string) sourcetest.New {
				return kitSource(writeFile(t, "data.csv"+ext, string(sourcetest.Compress(t, ext, content))))
			}
			sourcetest.Run(t, k)
		})
	}
}
