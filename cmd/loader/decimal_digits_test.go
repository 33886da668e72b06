package main

import (
	"database/sql"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// TestDecimalsAreExactOrRejected: SQLite keeps 15 significant digits of a
// numeric that is no 64-bit integer (it stores an 8-byte float), so a
// value with more is one reject there, never a rounded row; PostgreSQL
// and MariaDB load it exactly. Tested on a model-less target, whose
// columns come from the catalogue, and on the same rows via a cast.
func TestDecimalsAreExactOrRejected(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"pipelines.yaml": `pipelines:
  amounts:
    source: {csv: {path: amounts.csv}}
    target: big_amounts
    steps:
      - cast: {column: amount, to: decimal}
`,
		"amounts.csv": "ref,amount\n" +
			"a,1234567890123.45\n" + // 15 digits: exact everywhere
			"b,123456789012345678\n" + // an integer: exact everywhere
			"c,12345678901234.56\n" + // 16 digits: SQLite would round it
			"d,0.30000000000000004\n",
	})
	dbtest.Each(t, func(t *testing.T, url string) {
		env := fileEnv(t, url, dir)
		execSQL(t, url, "CREATE TABLE big_amounts (ref varchar(10) NOT NULL PRIMARY KEY, amount numeric(35,17))")
		out := mustLoader(t, env, "run", "amounts").stdout
		want := []string{"a | 1234567890123.45", "b | 123456789012345678", "c | 12345678901234.56", "d | 0.30000000000000004"}
		sqlite := dialectOf(url) == "sqlite"
		if sqlite {
			want = want[:2]
			if !strings.Contains(out, "4 read, 2 loaded, 2 rejected") {
				t.Fatalf("run: %q", out)
			}
			for _, r := range rejectsJSON(t, env, "1") {
				if !strings.Contains(r.Reason, "significant digits; the column keeps 15") {
					t.Errorf("reject reason %q does not say SQLite keeps 15 digits", r.Reason)
				}
			}
		} else if !strings.Contains(out, "4 read, 4 loaded, 0 rejected") {
			t.Fatalf("run: %q", out)
		}
		got := query(t, openStore(t, url), "SELECT ref, amount FROM big_amounts ORDER BY ref", func(col int, v sql.NullString) string {
			if col == 0 || !v.Valid {
				return nullText(v)
			}
			d, err := decimal.NewFromString(v.String)
			if err != nil {
				return "bad number " + v.String
			}
			return d.String()
		})
		if !slices.Equal(got, want) {
			t.Fatalf("big_amounts:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
