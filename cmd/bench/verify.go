package main

import (
	"context"
	"crypto/md5" //nolint:gosec // G501: a checksum of table contents, not security; PostgreSQL computes the same md5()
	"database/sql"
	"encoding/binary"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	_ "github.com/mattn/go-sqlite3" // "sqlite3" database/sql driver, for the SQLite checksum
)

// digest is what a target table must match: its row count and the sum, over
// its rows, of the first 64 bits (as a signed integer) of the md5 of
//
//	order_id|sold_at (YYYY-MM-DD HH:MM:SS UTC)|customer|product|region|quantity|sales_amount (2 places)|sales_category
//
// with NULL as the empty string. A sum needs no ordering and no
// aggregate string, so it is computed in SQL on PostgreSQL at any size
// (md5(string_agg(…)) would build a string of some 800 MB at 10M rows), and
// in Go on SQLite and on the generated rows.
type digest struct {
	Rows int64  `json:"rows"`
	Sum  string `json:"checksum"`
}

func (d digest) String() string { return fmt.Sprintf("%d rows, checksum %s", d.Rows, d.Sum) }

// pgDigestSQL computes the digest of loader_bench.transformed_sales_data.
const pgDigestSQL = `SELECT count(*), coalesce(sum(('x' || substr(md5(
	order_id || '|' || to_char(sold_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '|' ||
	coalesce(customer, '') || '|' || coalesce(product, '') || '|' || coalesce(region, '') || '|' ||
	quantity || '|' || sales_amount::text || '|' || sales_category), 1, 16))::bit(64)::bigint), 0)::text
FROM ` + schema + `.transformed_sales_data`

// sqliteDigestSQL reads the columns of the digest from SQLite, which stores
// numeric(12,2) as REAL or INTEGER and datetimes as text in the writer's
// format: amounts are printed with 2 places, times parsed in Go.
const sqliteDigestSQL = `SELECT order_id, CAST(sold_at AS TEXT), coalesce(customer, ''),
	coalesce(product, ''), coalesce(region, ''), CAST(quantity AS TEXT),
	printf('%.2f', sales_amount), sales_category
FROM transformed_sales_data`

// summer accumulates a digest row by row.
type summer struct {
	rows int64
	sum  big.Int
	buf  []byte
	term big.Int
}

// add adds one row given as its text fields, in digest order.
func (s *summer) add(fields ...string) {
	s.buf = s.buf[:0]
	for i, f := range fields {
		if i > 0 {
			s.buf = append(s.buf, '|')
		}
		s.buf = append(s.buf, f...)
	}
	h := md5.Sum(s.buf) //nolint:gosec // G401: see the import
	s.term.SetInt64(int64(binary.BigEndian.Uint64(h[:8])))
	s.sum.Add(&s.sum, &s.term)
	s.rows++
}

func (s *summer) digest() digest { return digest{Rows: s.rows, Sum: s.sum.String()} }

// digestOf is the digest the generated rows must give.
func digestOf(rows []sale) digest {
	var s summer
	for _, r := range rows {
		s.add(r.orderID, time.Unix(r.soldAt, 0).UTC().Format(time.DateTime), r.customer, r.product, r.region,
			strconv.Itoa(int(r.quantity)), amountText(r.cents), category(r.cents))
	}
	return s.digest()
}

// sqliteDigest streams the target table of the SQLite file at path.
func sqliteDigest(ctx context.Context, path string) (digest, error) {
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		return digest{}, err
	}
	defer func() { _ = db.Close() }()
	rows, err := db.QueryContext(ctx, sqliteDigestSQL)
	if err != nil {
		return digest{}, fmt.Errorf("reading %s: %w", path, err)
	}
	defer func() { _ = rows.Close() }()
	var s summer
	f := make([]string, 8)
	for rows.Next() {
		if err := rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7]); err != nil {
			return digest{}, err
		}
		if f[1], err = utcText(f[1]); err != nil {
			return digest{}, fmt.Errorf("%s: order %s: %w", path, f[0], err)
		}
		s.add(f...)
	}
	return s.digest(), rows.Err()
}

// utcText reads a datetime as SQLite holds it ("2024-01-02 03:04:05+00:00",
// "2024-01-02T03:04:05Z", with or without fractions or an offset) and
// formats it as YYYY-MM-DD HH:MM:SS in UTC.
func utcText(v string) (string, error) {
	v = strings.Replace(v, "T", " ", 1)
	t, err := time.Parse("2006-01-02 15:04:05Z07:00", v)
	if err != nil {
		t, err = time.ParseInLocation(time.DateTime, v, time.UTC)
	}
	if err != nil {
		return "", fmt.Errorf("sold_at %q: not a datetime", v)
	}
	return t.UTC().Format(time.DateTime), nil
}

// check compares a run's digest with the one the case must produce: what
// the reference loads, which every reference run is checked against too.
func check(caseName, side string, run int, got, want digest) error {
	if got == want {
		return nil
	}
	if side == "reference" {
		return fmt.Errorf("case %s, reference run %d: the target holds %s, but the pre-transformed rows give %s (a bug in the benchmark)", caseName, run, got, want)
	}
	return fmt.Errorf("case %s, loader run %d: the target holds %s; the reference holds %s", caseName, run, got, want)
}
