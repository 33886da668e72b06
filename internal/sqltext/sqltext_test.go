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
	for _, tc := range []struct {
		sql  string
		want int
	}{
		{"", 0},
		{" ; ;\n-- only a comment\n", 0},
		{"SELECT 1", 1},
		{"SELECT 1;", 1},
		{"SELECT 1; -- done", 1},
		{"SELECT 1; /* done */", 1},
		{"SELECT 'a;b', 'it''s; fine'", 1},
		{`SELECT "a;b" FROM t`, 1},
		{"SELECT $$a;b$$, $q$ ; $q$", 1},
		{"SELECT $1::int; SELECT 2", 2},
		{"SELECT 1 -- ; no\n; DELETE FROM victim", 2},
		{"SELECT * FROM t) AS x; DELETE FROM victim; SELECT * FROM (SELECT 1", 3},
		{"SELECT 'unterminated; DELETE FROM victim", 1},
		{"SELECT 1 /* unterminated ; DELETE", 1},
	} {
		if got := sqltext.Split(tc.sql); len(got) != tc.want {
			t.Errorf("Split(%q) = %q, want %d statements", tc.sql, got, tc.want)
		}
	}
}

func TestTokens(t *testing.T) {
	got := sqltext.Tokens("WITH d AS (/* x */ delete FROM \"v\" -- y\n) SELECT 'a(b', $t$c$t$, a$b, $2 FROM d;")
	var b strings.Builder
	for _, tok := range got {
		fmt.Fprintf(&b, "%d:%s ", tok.Kind, tok.Text)
	}
	want := `0:WITH 0:d 0:AS 2:( 0:delete 0:FROM 1:"v" 2:) 0:SELECT 1:'a(b' 2:, 1:$t$c$t$ 2:, 0:a$b 2:, 0:$2 0:FROM 0:d 2:; `
	if b.String() != want {
		t.Fatalf("tokens\n got %s\nwant %s", b.String(), want)
	}
	if !got[4].Is("DELETE") || got[6].Is("v") {
		t.Fatalf("Is: %v %v", got[4], got[6])
	}
	src := "SELECT  'x'"
	if q := sqltext.Tokens(src)[1]; src[q.Pos:q.Pos+len(q.Text)] != "'x'" {
		t.Fatalf("Pos %d", q.Pos)
	}
}
