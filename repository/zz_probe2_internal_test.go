package repository

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

type probeCols struct{ ID int64 }

func (probeCols) TableName() string { return "probe_cols" }

func TestZZProbe2(t *testing.T) {
	types := map[string][]string{
		"postgres": {"int2", "smallint", "int4", "integer", "int", "int8", "bigint", "float8", "double precision", "float4", "real", "float", "float(10)", "bool", "boolean", "timestamptz", "timestamp with time zone", "timestamp", "date", "varchar(40)", "character varying(40)", "varchar", "text", "numeric(12,2)", "decimal(12,2)", "numeric", "bytea", "char(3)", "serial", "bigserial"},
		"sqlite":   {"real", "double", "double precision", "float8", "float", "float4", "integer", "int", "bigint", "numeric(12,2)", "decimal(12, 2)", "datetime", "timestamp", "timestamptz", "date", "boolean", "text", "varchar(40)", "blob", "character varying(40)", "unsigned big int"},
		"mysql":    {"DOUBLE", "DOUBLE PRECISION", "REAL", "FLOAT", "FLOAT8", "FLOAT4", "TINYINT(1)", "BOOLEAN", "BOOL", "DATETIME(6)", "DATETIME", "TIMESTAMP(6)", "DECIMAL(12,2)", "NUMERIC(12,2)", "INT", "INTEGER", "BIGINT", "VARCHAR(40)", "LONGTEXT", "TEXT", "MEDIUMTEXT", "DATE", "BLOB", "LONGBLOB", "TINYINT", "SMALLINT", "INT UNSIGNED", "BIGINT UNSIGNED", "TINYINT UNSIGNED", "VARBINARY(10)", "CHAR(3)"},
	}
	dbtest.Each(t, func(t *testing.T, raw string) {
		ctx := context.Background()
		s, err := Open(ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var cols []string
		for i, ty := range types[string(s.Dialect())] {
			cols = append(cols, fmt.Sprintf("c%d %s", i, ty))
		}
		if err := s.Scope(ctx, func(sess *Session) error {
			return sess.Exec(ctx, "CREATE TABLE probe_cols (id bigint PRIMARY KEY, "+strings.Join(cols, ", ")+")")
		}); err != nil {
			t.Fatal(err)
		}
		cts, err := s.gdb.Migrator().ColumnTypes(&probeCols{})
		if err != nil {
			t.Fatal(err)
		}
		cts, _ = s.drv.Columns(s.gdb, "probe_cols", cts)
		for i, c := range cts {
			full, _ := c.ColumnType()
			decl := "id"
			if i > 0 {
				decl = types[string(s.Dialect())][i-1]
			}
			fmt.Printf("%s %-28q dbtn=%-22q full=%-22q actual=%q\n", s.Dialect(), decl, c.DatabaseTypeName(), full, s.drv.ActualType(c))
		}
	})
}
