package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os/exec"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/internal/dburl"
)

// defaultMariaDB is the server of the MariaDB case when neither -mysql nor
// $LOADER_TEST_MYSQL_URL names one.
const defaultMariaDB = "mysql://root@127.0.0.1:3306/test"

// mariadb is the MariaDB case's server, driven by the mariadb client: the
// database loader_bench is dropped and created again before each run.
type mariadb struct {
	args      []string // connection options of the mariadb client
	loaderURL string   // the loader's URL of loader_bench
	version   string
}

func openMariaDB(ctx context.Context, base string) (*mariadb, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "mysql" && u.Scheme != "mariadb") {
		return nil, fmt.Errorf("-mysql %s: want mysql://user[:password]@host:port/db", dburl.Redact(base))
	}
	m := &mariadb{args: []string{"--protocol=TCP", "-h", u.Hostname(), "-u", u.User.Username(), "--local-infile=1", "-N", "-B"}}
	if p := u.Port(); p != "" {
		m.args = append(m.args, "-P", p)
	}
	if pw, ok := u.User.Password(); ok {
		m.args = append(m.args, "-p"+pw)
	}
	lu := *u
	lu.Path = "/" + schema
	m.loaderURL = lu.String()
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := m.query(pctx, "SELECT VERSION()")
	if err != nil {
		return nil, fmt.Errorf("MariaDB at %s unreachable: %w", dburl.Redact(base), err)
	}
	m.version = strings.TrimSpace(out)
	return m, nil
}

// query runs SQL with the mariadb client and returns its output.
func (m *mariadb) query(ctx context.Context, sql string) (string, error) {
	var out, errOut bytes.Buffer
	cmd := exec.CommandContext(ctx, "mariadb", append(m.args, "-e", sql)...) //nolint:gosec // G204: the client with statements the benchmark builds
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("mariadb: %s: %w", strings.TrimSpace(errOut.String()), err)
	}
	return out.String(), nil
}

func (m *mariadb) reset(ctx context.Context) error {
	_, err := m.query(ctx, "DROP DATABASE IF EXISTS "+schema+"; CREATE DATABASE "+schema)
	return err
}

func (m *mariadb) drop(ctx context.Context) { _, _ = m.query(ctx, "DROP DATABASE IF EXISTS "+schema) }

// loadData loads the pre-transformed CSV with LOAD DATA LOCAL INFILE; the
// RFC 3339 sold_at is read as the UTC time it names.
func (m *mariadb) loadData(ctx context.Context, path string) (measurement, error) {
	return command(ctx, "mariadb", append(m.args, schema, "-e", `LOAD DATA LOCAL INFILE '`+sqlQuote(path)+`'
INTO TABLE transformed_sales_data
FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' LINES TERMINATED BY '\n' IGNORE 1 LINES
(order_id, @sold_at, customer, product, region, quantity, sales_amount, sales_category, load_run_id)
SET sold_at = STR_TO_DATE(@sold_at, '%Y-%m-%dT%H:%i:%sZ')`)...)
}

// mariaDigestSQL computes the digest (see digest) in MariaDB: the first 16
// hex digits of the md5 as an unsigned number, made signed.
const mariaDigestSQL = `SELECT COUNT(*), COALESCE(SUM(CAST(CONV(SUBSTR(h, 1, 16), 16, 10) AS DECIMAL(20, 0))
	- IF(CONV(SUBSTR(h, 1, 1), 16, 10) >= 8, 18446744073709551616, 0)), 0)
FROM (SELECT MD5(CONCAT(order_id, '|', DATE_FORMAT(sold_at, '%Y-%m-%d %H:%i:%s'), '|',
	COALESCE(customer, ''), '|', COALESCE(product, ''), '|', COALESCE(region, ''), '|',
	quantity, '|', sales_amount, '|', sales_category)) AS h
	FROM ` + schema + `.transformed_sales_data) t`

func (m *mariadb) digest(ctx context.Context) (digest, error) {
	out, err := m.query(ctx, mariaDigestSQL)
	if err != nil {
		return digest{}, err
	}
	var d digest
	if _, err := fmt.Sscan(out, &d.Rows, &d.Sum); err != nil {
		return d, fmt.Errorf("checksum of %s.transformed_sales_data: %q: %w", schema, out, err)
	}
	return d, nil
}
