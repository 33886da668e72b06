package repository_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// everyType has a field of every Go type a model may use, with and
// without a `type` tag, nullable and not.
type everyType struct {
	ID      int64 `gorm:"primaryKey"`
	I8      int8  `gorm:"not null"`
	I16     int16
	I32     int32
	I64     int64 `gorm:"not null"`
	I       int
	U8      uint8
	U16     uint16
	U32     uint32
	U64     uint64
	F32     float32
	F64     float64 `gorm:"not null"`
	PF64    *float64
	NF64    sql.NullFloat64
	B       bool `gorm:"not null"`
	NB      sql.NullBool
	S       string `gorm:"not null"`
	S40     string `gorm:"size:40"`
	PS      *string
	NS      sql.NullString
	NI      sql.NullInt64
	NI32    sql.NullInt32
	T       time.Time `gorm:"not null"`
	PT      *time.Time
	NT      sql.NullTime
	D       time.Time           `gorm:"type:date;not null"`
	PD      *time.Time          `gorm:"type:date"`
	Amount  decimal.Decimal     `gorm:"type:numeric(12,2);not null"`
	PAmount *decimal.Decimal    `gorm:"type:numeric(12,2)"`
	NAmount decimal.NullDecimal `gorm:"type:numeric(12,2)"`
	Raw     []byte
	TDP     float64   `gorm:"type:double precision"`
	TReal   float32   `gorm:"type:real"`
	TF8     float64   `gorm:"type:float8"`
	TBig    int64     `gorm:"type:bigint"`
	TTZ     time.Time `gorm:"type:timestamptz"`
	TV      string    `gorm:"type:varchar(40)"`
	TB      bool      `gorm:"type:boolean"`
}

func (everyType) TableName() string { return "every_type" }

// spelling is a column of every_type: the spellings of its type a
// migration may write on each database.
type spelling struct {
	col                   string
	notNull               bool
	postgres, sqlite, mys []string
}

var (
	pgBigint  = []string{"bigint", "int8"}
	pgDouble  = []string{"double precision", "float8", "float", "float(53)"}
	pgBool    = []string{"boolean", "bool"}
	pgTime    = []string{"timestamptz", "timestamp with time zone"}
	pgNumeric = []string{"numeric(12,2)", "decimal(12, 2)", "NUMERIC(12,2)"}
	pgVarchar = []string{"varchar(40)", "character varying(40)"}
	sqInt     = []string{"integer", "int", "bigint", "int8"}
	sqReal    = []string{"real", "double", "double precision", "float8", "float", "REAL"}
	sqBool    = []string{"boolean", "bool"}
	sqText    = []string{"text", "varchar(40)", "character varying(40)"}
	sqTime    = []string{"datetime", "timestamp"}
	sqNumeric = []string{"numeric(12,2)", "decimal(12, 2)", "numeric"}
	myBigint  = []string{"BIGINT", "BIGINT(20)"}
	myDouble  = []string{"DOUBLE", "DOUBLE PRECISION", "FLOAT8", "REAL"}
	myBool    = []string{"BOOLEAN", "TINYINT(1)", "BOOL"}
	myText    = []string{"TEXT", "LONGTEXT", "MEDIUMTEXT"}
	myTime    = []string{"DATETIME(6)"}
	myNumeric = []string{"DECIMAL(12,2)", "NUMERIC(12, 2)"}
	myVarchar = []string{"VARCHAR(40)"}
)

var everySpelling = []spelling{
	{"i8", true, []string{"smallint", "int2"}, sqInt, []string{"TINYINT", "TINYINT(4)", "INT1"}},
	{"i16", false, []string{"smallint", "int2"}, []string{"smallint", "integer"}, []string{"SMALLINT", "SMALLINT(6)"}},
	{"i32", false, []string{"integer", "int4", "int"}, []string{"int", "integer", "mediumint"}, []string{"INT", "INTEGER", "INT(11)", "INT4"}},
	{"i64", true, pgBigint, sqInt, myBigint},
	{"i", false, pgBigint, sqInt, myBigint},
	{"u8", false, []string{"smallint"}, sqInt, []string{"TINYINT UNSIGNED"}},
	{"u16", false, []string{"integer"}, sqInt, []string{"SMALLINT UNSIGNED"}},
	{"u32", false, pgBigint, sqInt, []string{"INT UNSIGNED", "INT(10) UNSIGNED"}},
	{"u64", false, pgBigint, sqInt, []string{"BIGINT UNSIGNED"}},
	{"f32", false, []string{"real", "float4", "float(24)"}, []string{"real", "float", "float4"}, []string{"FLOAT", "FLOAT4", "FLOAT(24)"}},
	{"f64", true, pgDouble, sqReal, myDouble},
	{"pf64", false, pgDouble, sqReal, myDouble},
	{"nf64", false, pgDouble, sqReal, myDouble},
	{"b", true, pgBool, sqBool, myBool},
	{"nb", false, pgBool, sqBool, myBool},
	{"s", true, []string{"text"}, sqText, myText},
	{"s40", false, pgVarchar, sqText, myVarchar},
	{"ps", false, []string{"text"}, sqText, myText},
	{"ns", false, []string{"text"}, sqText, myText},
	{"ni", false, pgBigint, sqInt, myBigint},
	{"ni32", false, []string{"integer", "int4"}, sqInt, []string{"INT"}},
	{"t", true, pgTime, sqTime, myTime},
	{"pt", false, pgTime, sqTime, myTime},
	{"nt", false, pgTime, sqTime, myTime},
	{"d", true, []string{"date"}, []string{"date"}, []string{"DATE"}},
	{"pd", false, []string{"date"}, []string{"date"}, []string{"DATE"}},
	{"amount", true, pgNumeric, sqNumeric, myNumeric},
	{"p_amount", false, pgNumeric, sqNumeric, myNumeric},
	{"n_amount", false, pgNumeric, sqNumeric, myNumeric},
	{"raw", false, []string{"bytea"}, []string{"blob"}, []string{"LONGBLOB", "BLOB", "MEDIUMBLOB"}},
	{"tdp", false, pgDouble, sqReal, myDouble},
	{"t_real", false, []string{"real", "float4"}, []string{"real", "float4"}, []string{"DOUBLE", "REAL"}}, // MySQL's REAL is DOUBLE
	{"tf8", false, pgDouble, sqReal, myDouble},
	{"t_big", false, pgBigint, sqInt, myBigint},
	{"ttz", false, pgTime, sqTime, myTime},
	{"tv", false, pgVarchar, []string{"varchar(40)", "text"}, myVarchar},
	{"tb", false, pgBool, sqBool, myBool},
}

// createEveryType returns the CREATE TABLE of every_type that writes the
// variant-th spelling of each column (the last one, past its end).
func createEveryType(dialect string, variant int) (string, bool) {
	ids := map[string][]string{
		"postgres": {"bigserial PRIMARY KEY", "bigint PRIMARY KEY", "int8 NOT NULL PRIMARY KEY"},
		"sqlite":   {"integer PRIMARY KEY AUTOINCREMENT", "integer PRIMARY KEY", "bigint NOT NULL PRIMARY KEY"},
		"mysql":    {"BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY", "BIGINT(20) NOT NULL PRIMARY KEY"},
	}[dialect]
	more := variant < len(ids)
	cols := []string{"id " + ids[min(variant, len(ids)-1)]}
	for _, sp := range everySpelling {
		names := map[string][]string{"postgres": sp.postgres, "sqlite": sp.sqlite, "mysql": sp.mys}[dialect]
		more = more || variant < len(names)
		col := sp.col + " " + names[min(variant, len(names)-1)]
		if sp.notNull {
			col += " NOT NULL"
		}
		cols = append(cols, col)
	}
	return "CREATE TABLE every_type (\n\t" + strings.Join(cols, ",\n\t") + "\n)", more
}

// Every Go type agrees, on every database, with a column written in each
// of the database's usual spellings of its type.
func TestDriftAcceptsEachDatabasesSpellingOfEveryType(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		dialect := string(s.Dialect())
		for variant := 0; ; variant++ {
			create, more := createEveryType(dialect, variant)
			if !more {
				break
			}
			err := s.Scope(ctx, func(sess *repository.Session) error {
				return sess.Exec(ctx, "DROP TABLE IF EXISTS every_type", create)
			})
			if err != nil {
				t.Fatalf("%s: %v", create, err)
			}
			if d, err := s.Drift(ctx, &everyType{}); err != nil || len(d) != 0 {
				t.Errorf("spellings %d drift (%v):\n%s", variant, err, lines(d))
			}
		}
	})
}

// mismatched has fields whose columns (see TestDriftNamesDifferingTypesInFull)
// hold something else.
type mismatched struct {
	ID           int64 `gorm:"primaryKey"`
	FloatVsText  float64
	IntVsNumeric int64
	TextVsFloat8 string
	BoolVsInt    bool
	TagVsNumeric float64 `gorm:"type:float8"`
}

// A column whose type does not hold what the field holds is reported,
// with both types in full.
func TestDriftNamesDifferingTypesInFull(t *testing.T) {
	tests := []struct {
		column, decl         string // decl is the column's type
		postgres, sqlite, my string // the drift line, after "column: type differs: "
	}{
		{"float_vs_text", "text", "model says float8, database has text", "model says float8, database has text", "model says float8, database has text"},
		{"int_vs_numeric", "numeric(12,2)", "model says bigint, database has numeric(12,2)", "model says integer, database has numeric(12,2)", "model says bigint, database has decimal(12,2)"},
		{"text_vs_float8", "float8", "model says text, database has double precision", "model says text, database has float8", "model says longtext, database has double"},
		{"bool_vs_int", "integer", "model says boolean, database has integer", "model says boolean, database has integer", "model says boolean, database has int(11)"},
		{"tag_vs_numeric", "numeric", "model says float8, database has numeric", "model says float8, database has numeric", "model says float8, database has decimal(10,0)"},
	}
	cols := []string{"id bigint NOT NULL PRIMARY KEY"}
	for _, tt := range tests {
		cols = append(cols, tt.column+" "+tt.decl)
	}
	dbtest.Each(t, func(t *testing.T, raw string) {
		s := openStore(t, raw)
		ctx := context.Background()
		err := s.Scope(ctx, func(sess *repository.Session) error {
			return sess.Exec(ctx, "CREATE TABLE mismatcheds ("+strings.Join(cols, ", ")+")")
		})
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Drift(ctx, &mismatched{})
		if err != nil || len(d) != len(tests) {
			t.Fatalf("Drift = %v, %v; want %d lines", d, err, len(tests))
		}
		got := lines(d)
		for _, tt := range tests {
			want := map[string]string{"postgres": tt.postgres, "sqlite": tt.sqlite, "mysql": tt.my}[string(s.Dialect())]
			want = "mismatcheds." + tt.column + ": type differs: " + want + "; "
			if !strings.Contains(got, want) {
				t.Errorf("drift:\n%s want %q", got, want)
			}
		}
	})
}

type sqliteTime struct {
	ID int64 `gorm:"primaryKey"`
	At time.Time
}

func (sqliteTime) TableName() string { return "time_on_sqlite" }

// On SQLite a column declared timestamptz reads back as text, not as a
// time: the check refuses it for a time field, which a `type:timestamptz`
// tag does not change (the migration writes datetime).
func TestDriftRefusesSQLiteTimestamptzColumns(t *testing.T) {
	s := openStore(t, dbtest.SQLite(t))
	ctx := context.Background()
	if err := s.Scope(ctx, func(sess *repository.Session) error {
		return sess.Exec(ctx, "CREATE TABLE time_on_sqlite (id integer PRIMARY KEY, at timestamptz)")
	}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Drift(ctx, &sqliteTime{})
	want := "time_on_sqlite.at: type differs: model says datetime, database has timestamptz; "
	if err != nil || len(d) != 1 || !strings.HasPrefix(d[0].String(), want) {
		t.Fatalf("Drift = %v, %v; want %q", d, err, want)
	}
}

func lines(d []repository.Drift) string {
	var b strings.Builder
	for _, x := range d {
		b.WriteString(x.String() + "\n")
	}
	return b.String()
}
