package mysql_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/repository/driver"
)

// Each server refusal maps to its sentinel and reads as a refused row;
// a broken statement is neither.
func TestClassifyServerErrors(t *testing.T) {
	db, _ := migrated(t)
	if _, err := db.Exec("INSERT INTO load_runs (id, pipeline, status, started_at) VALUES (1, 'p', 'running', NOW())"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO load_rejects (load_run_id, position, record, reason) VALUES (1, '1', 'r', 'x')"); err != nil {
		t.Fatal(err)
	}
	row := "INSERT INTO transformed_sales_data (order_id, sold_at, quantity, sales_amount, sales_category, load_run_id) VALUES "
	tests := []struct {
		name, stmt string
		sentinel   error
		refused    bool
		code       string
	}{
		{"duplicate key", "INSERT INTO load_runs (id, pipeline, status, started_at) VALUES (1, 'p', 'running', NOW())", driver.ErrConflict, true, "1062"},
		{"no parent row", "INSERT INTO load_rejects (load_run_id, position, record, reason) VALUES (9, '1', 'r', 'x')", driver.ErrForeignKey, true, "1452"},
		{"parent row in use", "UPDATE load_runs SET id = 5", driver.ErrForeignKey, true, "1451"},
		{"null", row + "('a', NOW(), NULL, 1, 'Low', 1)", driver.ErrNotNull, true, "1048"},
		{"no default", "INSERT INTO load_runs (pipeline, status) VALUES ('p', 'running')", driver.ErrNotNull, true, "1364"},
		{"check", row + "('a', NOW(), 1, 1, 'Huge', 1)", driver.ErrCheck, true, "4025"},
		{"out of range", row + "('a', NOW(), 1, 12345678901, 'Low', 1)", nil, true, "1264"},
		{"incorrect integer", row + "('a', NOW(), 'many', 1, 'Low', 1)", nil, true, "1366"},
		{"incorrect datetime", row + "('a', 'yesterday', 1, 1, 'Low', 1)", nil, true, "1292"},
		{"too long", row + "('" + strings.Repeat("x", 300) + "', NOW(), 1, 1, 'Low', 1)", nil, true, "1406"},
		{"syntax", "INSERT INTO", nil, false, ""},
		{"no table", "SELECT * FROM nowhere", nil, false, ""},
	}
	for _, tt := range tests {
		_, err := db.Exec(tt.stmt)
		if err == nil {
			t.Errorf("%s: no error", tt.name)
			continue
		}
		if got := drv.Classify(err); !errors.Is(got, tt.sentinel) || (tt.sentinel == nil && got != nil) {
			t.Errorf("%s: Classify(%v) = %v, want %v", tt.name, err, got, tt.sentinel)
		}
		reason, refused := drv.Refused(err)
		if refused != tt.refused || (refused && (!strings.Contains(reason, tt.code) || strings.Contains(reason, "\n"))) {
			t.Errorf("%s: Refused(%v) = %q, %v; want %v with error %s on one line", tt.name, err, reason, refused, tt.refused, tt.code)
		}
	}
	if drv.Classify(errors.New("boom")) != nil {
		t.Error("a non-MySQL error is classified")
	}
}
