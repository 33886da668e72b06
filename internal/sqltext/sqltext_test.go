package sqltext_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/sqltext"
)

func TestSplit(t *testing.T) {
	sql := `-- comment; not a split
CREATE TABLE a (x text DEFAULT 'a;b');
/* block ; comment */ CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
SELECT "odd;name" FROM a;
`
	got := sqltext.Split(sql)
	if len(got) != 3 {
		t.Fatalf("got %d statements: %q", len(got), got)
	}
	if !strings.Contains(got[1], "$body$ SELECT 1; $body$") {
		t.Fatalf("dollar quote split: %q", got[1])
	}
}

func TestSplitCounts(t *testing.T) {
	both := []sqltext.Dialect{sqltext.Postgres, sqltext.SQLite, sqltext.MySQL}
	pg, lite, my := []sqltext.Dialect{sqltext.Postgres}, []sqltext.Dialect{sqltext.SQLite}, []sqltext.Dialect{sqltext.MySQL}
	for _, tc := range []struct {
		sql      string
		dialects []sqltext.Dialect
		want     int
	}{
		{"", both, 0},
		{" ; ;\n-- only a comment\n", both, 0},
		{"SELECT 1", both, 1},
		{"SELECT 1;", both, 1},
		{"SELECT 1; -- done", both, 1},
		{"SELECT 1; /* done */", both, 1},
		{"SELECT 'a;b', 'it''s; fine'", both, 1},
		{`SELECT "a;b" FROM t`, both, 1},
		{"SELECT 1 -- ; no\n; DELETE FROM victim", both, 2},
		{"SELECT * FROM t) AS x; DELETE FROM victim; SELECT * FROM (SELECT 1", both, 3},
		{"SELECT 'unterminated; DELETE FROM victim", both, 1},
		{"SELECT 1 /* unterminated ; DELETE", both, 1},
		{"SELECT $$a;b$$, $q$ ; $q$", pg, 1},
		{"SELECT $q$ ; DELETE FROM victim; SELECT $q$", lite, 3},
		{"SELECT $1::int; SELECT 2", pg, 2},
		{`SELECT E'\''; DELETE FROM victim; SELECT '\'`, pg, 3},
		{`SELECT 'a\'; SELECT 'b'`, pg, 2},
		{"SELECT /* a /* b */ ; */ 1", pg, 1},
		{"SELECT /* a /* b */ ; */ 1", lite, 2},
		{"SELECT [a;b], `c;d` FROM t", lite, 1},
		{"SELECT [a;b] FROM t", pg, 2},
		{"SELECT `c;d` FROM t", my, 1},
		{"SELECT `c``;d` FROM t", my, 1},
		{`SELECT 'a\'; SELECT 1'; SELECT 2`, my, 2},
		{`SELECT "a\"; b"; SELECT 2`, my, 2},
		{"SELECT 1 # ; no\n; SELECT 2", my, 2},
		{"SELECT 1 -- ; no\n; SELECT 2", my, 2},
		{"SELECT 1--1; SELECT 2", my, 2},
		{"SELECT /* a /* b */ ; */ 1", my, 2},
	} {
		for _, d := range tc.dialects {
			if got := d.Split(tc.sql); len(got) != tc.want {
				t.Errorf("dialect %d: Split(%q) = %q, want %d statements", d, tc.sql, got, tc.want)
			}
		}
	}
}

func TestTokens(t *testing.T) {
	got := sqltext.Postgres.Tokens("WITH d AS (/* x */ delete FROM \"v\" -- y\n) SELECT 'a(b', $t$c$t$, a$b, $2, e'\\'' FROM d;")
	var b strings.Builder
	for _, tok := range got {
		fmt.Fprintf(&b, "%d:%s ", tok.Kind, tok.Text)
	}
	want := `0:WITH 0:d 0:AS 2:( 0:delete 0:FROM 1:"v" 2:) 0:SELECT 1:'a(b' 2:, 1:$t$c$t$ 2:, 0:a$b 2:, 0:$2 2:, 1:e'\'' 0:FROM 0:d 2:; `
	if b.String() != want {
		t.Fatalf("tokens\n got %s\nwant %s", b.String(), want)
	}
	if !got[4].Is("DELETE") || got[6].Is("v") {
		t.Fatalf("Is: %v %v", got[4], got[6])
	}
	src := "SELECT  'x'"
	if q := sqltext.SQLite.Tokens(src)[1]; src[q.Pos:q.Pos+len(q.Text)] != "'x'" {
		t.Fatalf("Pos %d", q.Pos)
	}
}
