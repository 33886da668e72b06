package repository_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// readFixture makes a table src (ids 1-3) to read and a table victim
// (2 rows) that no read may change; on PostgreSQL also a sequence and a
// function that deletes from victim.
func readFixture(t *testing.T, raw string) *repository.Store {
	t.Helper()
	s := openStore(t, raw)
	stmts := []string{
		"CREATE TABLE src (id integer PRIMARY KEY, note text)",
		"INSERT INTO src VALUES (1, 'a'), (2, 'x;y?'), (3, 'c')",
		"CREATE TABLE victim (id integer)",
		"INSERT INTO victim VALUES (1), (2)",
	}
	if dialectOf(raw) == "postgres" {
		stmts = append(stmts, "CREATE SEQUENCE seq",
			"CREATE FUNCTION wipe() RETURNS bigint LANGUAGE sql AS $$ DELETE FROM victim; SELECT 1::bigint $$")
	}
	ctx := context.Background()
	if err := s.Scope(ctx, func(sess *repository.Session) error { return sess.Exec(ctx, stmts...) }); err != nil {
		t.Fatal(err)
	}
	return s
}

func victims(t *testing.T, s *repository.Store) int {
	t.Helper()
	_, rows, err := s.ReadPage(context.Background(), repository.ReadQuery{SQL: "SELECT count(*) AS n FROM victim", Key: "n", Limit: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return int(rows[0][0].(int64))
}

func TestReadPageRefusesWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := readFixture(t, raw)
		ctx := context.Background()
		type refusal struct {
			query string
			want  error
		}
		cases := []refusal{
			{"SELECT * FROM src; DELETE FROM victim", repository.ErrOneStatement},
			{"SELECT * FROM src) AS x; DELETE FROM victim; SELECT * FROM (SELECT * FROM src", repository.ErrOneStatement},
			{"WITH d AS (DELETE FROM victim RETURNING id) SELECT id FROM d", repository.ErrReadOnly},
			{"with d as materialized (\n  delete from victim returning id) select id from d", repository.ErrReadOnly},
			{"INSERT INTO victim VALUES (9) RETURNING id", repository.ErrReadOnly},
			{"/* c */ (DELETE FROM victim RETURNING id)", repository.ErrReadOnly},
			{"UPDATE victim SET id = 0 RETURNING id", repository.ErrReadOnly},
		}
		switch d := dialectOf(raw); d {
		case "postgres":
			cases = append(cases, []refusal{ // the read-only transaction refuses these
				{"SELECT wipe() AS id", repository.ErrReadOnly},
				{"SELECT nextval('seq') AS id", repository.ErrReadOnly},
				{"SELECT id FROM src FOR UPDATE", repository.ErrReadOnly},
				{`SELECT E'\'' AS id) AS x; DELETE FROM victim; SELECT * FROM (SELECT ''`, repository.ErrOneStatement},
			}...)
		case "sqlite", "mysql": // no dollar quotes: this is three statements
			cases = append(cases, refusal{"SELECT 1 AS id, $q$) AS x; DELETE FROM victim; SELECT * FROM (SELECT 1 AS id, $q$ AS y", repository.ErrOneStatement})
		default:
			t.Fatalf("no fixture for dialect %s", d)
		}
		for _, tc := range cases {
			for _, after := range []any{nil, int64(0)} {
				_, rows, err := s.ReadPage(ctx, repository.ReadQuery{SQL: tc.query, Key: "id", Limit: 10}, after)
				if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.want.Error()+": ") {
					t.Errorf("%q after %v: rows %v, error %v; want %v", tc.query, after, rows, err, tc.want)
				}
			}
		}
		if n := victims(t, s); n != 2 {
			t.Fatalf("victim has %d rows after the refused writes, want 2", n)
		}
		if dialectOf(raw) == "postgres" {
			_, rows, err := s.ReadPage(ctx, repository.ReadQuery{SQL: "SELECT last_value AS v, is_called FROM seq", Key: "v", Limit: 1}, nil)
			if err != nil || rows[0][1] != false {
				t.Fatalf("the sequence advanced: %v %v", rows, err)
			}
		}
	})
}

func TestReadPageOneStatement(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := readFixture(t, raw)
		queries := []string{
			"SELECT id, note FROM src;",
			"SELECT id, note FROM src WHERE note <> 'it''s; a ?' ;  -- a trailing comment; not a statement",
			"SELECT id, note FROM src -- a comment at the very end",
			"(SELECT id, note FROM src)",
			"WITH u AS (SELECT id, note FROM src) SELECT * FROM u",
			"/* leading comment; */ SELECT id, note FROM src",
		}
		switch dialectOf(raw) {
		case "postgres":
			queries = append(queries, "SELECT id, $$a;b$$ AS note FROM src", `SELECT id, E'\';' AS note FROM src`)
		case "mysql":
			queries = append(queries, "SELECT `id`, `note` FROM src WHERE note <> 'a\\';b' # a comment; not a statement")
		case "sqlite":
			queries = append(queries, "SELECT [id], `note` FROM src WHERE [note] <> 'a;b'")
		default:
			t.Fatalf("no fixture for dialect %s", dialectOf(raw))
		}
		for _, sql := range queries {
			if got := readAll(t, s, repository.ReadQuery{SQL: sql, Key: "id", Limit: 2}); got != "1 2 3" {
				t.Errorf("%q read ids %q, want 1 2 3", sql, got)
			}
		}
	})
}

// readAll reads q page after page and returns the keys it read.
func readAll(t *testing.T, s *repository.Store, q repository.ReadQuery) string {
	t.Helper()
	var ids []string
	var after any
	for range 10 {
		_, rows, err := s.ReadPage(context.Background(), q, after)
		if err != nil {
			t.Errorf("%q: %v", q.SQL, err)
			return ""
		}
		for _, r := range rows {
			ids = append(ids, fmt.Sprint(r[0]))
		}
		if len(rows) < q.Limit {
			break
		}
		after = rows[len(rows)-1][0]
	}
	return strings.Join(ids, " ")
}

func TestCheckRead(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		for _, tc := range []struct {
			q    repository.ReadQuery
			want string
		}{
			{repository.ReadQuery{Table: "t", Key: "id"}, ""},
			{repository.ReadQuery{SQL: "SELECT 1 AS id;", Key: "id"}, ""},
			{repository.ReadQuery{SQL: "SELECT 1 AS id; SELECT 2", Key: "id"}, "the sql source query must be one statement: the query holds 2 statements"},
			{repository.ReadQuery{SQL: "DELETE FROM t", Key: "id"}, "the sql source is read-only: a query must be a SELECT (or WITH … SELECT, VALUES, TABLE), not DELETE"},
			{repository.ReadQuery{SQL: "WITH d AS (DELETE FROM t RETURNING id) SELECT id FROM d", Key: "id"}, "the sql source is read-only: the query's WITH clause runs DELETE"},
			{repository.ReadQuery{SQL: " ; -- nothing", Key: "id"}, "sql source: the query is empty"},
			{repository.ReadQuery{Table: "t", SQL: "SELECT 1", Key: "id"}, "give a table or a query, not both"},
			{repository.ReadQuery{Table: "t"}, "a key column is required"},
		} {
			err := s.CheckRead(tc.q)
			if (tc.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckRead(%+v) = %v, want %q", tc.q, err, tc.want)
			}
		}
	})
}
