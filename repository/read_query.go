package repository

import (
	"errors"
	"fmt"
	"strings"

	"github.com/warehouse-loader/loader/internal/sqltext"
	"github.com/warehouse-loader/loader/repository/driver"
)

// ErrReadOnly is wrapped by the error of ReadQuery.Check and ReadPage when a
// query would write: it is not a SELECT, it holds a data-modifying WITH
// clause, or the database refused a write in the read-only transaction the
// page is read in. Nothing was changed.
var ErrReadOnly = driver.ErrReadOnly

// ErrOneStatement is wrapped by the error of ReadQuery.Check and ReadPage
// when a query holds more than one statement (a ';' followed by more SQL).
var ErrOneStatement = errors.New("the sql source query must be one statement")

// ReadQuery selects rows of a table or query in the order of a unique key,
// one page at a time (keyset pagination), so a table of any size is read
// with one page in memory and no long-lived read transaction.
type ReadQuery struct {
	// Table is the table to read, or
	Table string
	// SQL is a query to read: one SELECT (or WITH … SELECT, VALUES, TABLE)
	// statement, a trailing ';' allowed. It becomes a subquery.
	SQL string
	// Key is the unique, not-null column pages are ordered and cut by.
	Key string
	// Limit is the page size.
	Limit int
}

// CheckRead reports whether q names exactly one of a table and a query,
// and a key, and whether its query is one statement that only reads, as
// the store's database reads it (errors wrap ErrOneStatement or
// ErrReadOnly). The database enforces the reading too: ReadPage runs in a
// read-only transaction.
func (s *Store) CheckRead(q ReadQuery) error {
	_, err := q.from(s.drv)
	if err == nil && q.Key == "" {
		err = errors.New("sql source: a key column is required (a unique, not-null column to read in order)")
	}
	return err
}

// what names what q reads, for errors.
func (q ReadQuery) what() string {
	if q.Table != "" {
		return "table " + driver.QuoteIdent(q.Table)
	}
	return "the sql source query"
}

// lexer returns the quoting rules of the store's database.
func (s *Store) lexer() sqltext.Dialect { return s.drv.Lexer() }

// from is what q reads, as the FROM item of a SELECT on the database of
// drv: the table quoted, or the query checked and parenthesised.
func (q ReadQuery) from(drv driver.Reader) (string, error) {
	switch {
	case q.Table != "" && q.SQL == "":
		return drv.Quote(q.Table), nil
	case q.SQL != "" && q.Table == "":
		stmt, err := readStatement(drv.Lexer(), q.SQL)
		if err != nil {
			return "", err
		}
		// New lines keep a trailing -- comment from hiding ") AS src".
		return "(\n" + stmt + "\n) AS src", nil
	default:
		return "", fmt.Errorf("sql source: give a table or a query, not %s", map[bool]string{true: "both", false: "neither"}[q.Table != ""])
	}
}

// readStarts are the first keywords of a statement that can be a subquery.
var readStarts = []string{"SELECT", "WITH", "VALUES", "TABLE"}

// writeWords start the statements a WITH clause may hold that write.
var writeWords = []string{"INSERT", "UPDATE", "DELETE", "MERGE"}

// readStatement returns the one statement of sql, without its ';', or an
// error when sql holds several statements or one that writes.
func readStatement(lex sqltext.Dialect, sql string) (string, error) {
	stmts := lex.Split(sql)
	if len(stmts) == 0 {
		return "", fmt.Errorf("sql source: the query is empty; give one SELECT statement")
	}
	if len(stmts) > 1 {
		return "", fmt.Errorf("%w: the query holds %d statements; remove the ';' and what follows it, or read each query in a pipeline of its own", ErrOneStatement, len(stmts))
	}
	toks := lex.Tokens(stmts[0])
	first := firstWord(toks)
	if !isAny(first, readStarts) {
		return "", fmt.Errorf("%w: a query must be a SELECT (or WITH … SELECT, VALUES, TABLE), not %s", ErrReadOnly, describe(first))
	}
	if first.Is("WITH") {
		for i := 1; i < len(toks); i++ {
			if toks[i-1].Text == "(" && toks[i-1].Kind == sqltext.Punct && isAny(toks[i], writeWords) {
				return "", fmt.Errorf("%w: the query's WITH clause runs %s; a query may only read", ErrReadOnly, strings.ToUpper(toks[i].Text))
			}
		}
	}
	return stmts[0], nil
}

// firstWord returns the first token that is not an opening parenthesis.
func firstWord(toks []sqltext.Token) sqltext.Token {
	for _, t := range toks {
		if t.Kind != sqltext.Punct || t.Text != "(" {
			return t
		}
	}
	return sqltext.Token{}
}

func isAny(t sqltext.Token, words []string) bool {
	for _, w := range words {
		if t.Is(w) {
			return true
		}
	}
	return false
}

func describe(t sqltext.Token) string {
	if t.Kind == sqltext.Word {
		return strings.ToUpper(t.Text)
	}
	return fmt.Sprintf("%q", t.Text)
}
