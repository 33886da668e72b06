package repository_test

import (
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// Each hand-made change to a migrated schema is named by exactly one drift
// line, on every dialect.
func TestDriftNamesKeysAndConstraints(t *testing.T) {
	cases := []struct {
		name  string
		alter alteration
		want  []string
	}{{
		name:  "primary key dropped",
		alter: dropSalesPrimaryKey,
		want:  []string{"transformed_sales_data: primary key (order_id) declared by TransformedSale is missing from the database; add a migration that adds it"},
	}, {
		name: "foreign key dropped",
		alter: alteration{table: "load_rejects", pg: "ALTER TABLE load_rejects DROP CONSTRAINT load_rejects_load_run_id_fkey",
			mysql: []string{"ALTER TABLE load_rejects DROP FOREIGN KEY fk_load_rejects_load_run"},
			old:   " REFERENCES load_runs (id) ON DELETE CASCADE", new: ""},
		want: []string{"load_rejects.load_run_id: foreign key (load_run_id) → load_runs(id) ON DELETE CASCADE declared by LoadReject.LoadRun is missing from the database; add a migration that adds it"},
	}, {
		name: "foreign key loses ON DELETE CASCADE",
		alter: alteration{table: "load_rejects", pg: "ALTER TABLE load_rejects DROP CONSTRAINT load_rejects_load_run_id_fkey, ADD FOREIGN KEY (load_run_id) REFERENCES load_runs (id)",
			mysql: []string{"ALTER TABLE load_rejects DROP FOREIGN KEY fk_load_rejects_load_run", "ALTER TABLE load_rejects ADD FOREIGN KEY (load_run_id) REFERENCES load_runs (id)"},
			old:   " ON DELETE CASCADE", new: ""},
		want: []string{"load_rejects.load_run_id: ON DELETE of foreign key → load_runs differs: LoadReject.LoadRun says CASCADE, database has NO ACTION"},
	}, {
		name: "extra foreign key to the parent's primary key",
		alter: alteration{table: "sales_data", pg: "ALTER TABLE sales_data ADD FOREIGN KEY (load_run_id) REFERENCES load_runs",
			mysql: []string{"ALTER TABLE sales_data ADD FOREIGN KEY (load_run_id) REFERENCES load_runs (id)"},
			old:   "load_run_id  integer", new: "load_run_id  integer REFERENCES load_runs"},
		want: []string{"sales_data.load_run_id: foreign key (load_run_id) → load_runs(id)", "exists in the database but no field of SalesData declares it"},
	}, {
		name: "check dropped",
		alter: alteration{table: "load_runs", pg: "ALTER TABLE load_runs DROP CONSTRAINT load_runs_status_check",
			mysql: []string{"ALTER TABLE load_runs DROP CONSTRAINT chk_load_runs_status"},
			old:   " CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'skipped'))", new: ""},
		want: []string{"load_runs.status: CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'skipped')) declared by LoadRun.Status is missing from the database; add a migration that adds it"},
	}, {
		name: "check changed",
		alter: alteration{table: "transformed_sales_data",
			pg: "ALTER TABLE transformed_sales_data DROP CONSTRAINT transformed_sales_data_sales_category_check, ADD CHECK (sales_category IN ('Low', 'Medium', 'High', 'Huge'))",
			mysql: []string{"ALTER TABLE transformed_sales_data DROP CONSTRAINT chk_transformed_sales_data_sales_category",
				"ALTER TABLE transformed_sales_data ADD CHECK (sales_category IN ('Low', 'Medium', 'High', 'Huge'))"},
			old: "'High')", new: "'High', 'Huge')"},
		want: []string{"transformed_sales_data.sales_category: CHECK differs: TransformedSale.SalesCategory says CHECK (sales_category IN ('Low', 'Medium', 'High')), database has CHECK", "Huge"},
	}, {
		name: "extra check",
		alter: alteration{table: "load_state", pg: "ALTER TABLE load_state ADD CONSTRAINT offset_not_negative CHECK (source_offset >= 0)",
			old: "source_offset integer NOT NULL DEFAULT 0", new: "source_offset integer NOT NULL DEFAULT 0 CONSTRAINT offset_not_negative CHECK (source_offset >= 0)"},
		want: []string{"load_state.source_offset: CHECK (", "(offset_not_negative) exists in the database but no field of LoadState declares it; declare it with a `check` tag"},
	}, {
		name: "extra unique index",
		alter: alteration{table: "load_state", pg: "CREATE UNIQUE INDEX load_state_source ON load_state (source)",
			sqlite: "CREATE UNIQUE INDEX load_state_source ON load_state (source)"},
		want: []string{"load_state: unique index load_state_source on (source) exists in the database but LoadState declares no unique index on those columns; declare it with `uniqueIndex`"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.EachMigrated(t, func(t *testing.T, raw string) {
				s := openStore(t, raw)
				if d := driftLines(t, s); len(d) != 0 {
					t.Fatalf("freshly migrated database drifts: %q", d)
				}
				c.alter.apply(t, s)
				wantOneDrift(t, driftLines(t, s), c.want...)
			})
		})
	}
}
