package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/repository"
)

// Table is a table the models define, as `loader report tables`,
// /api/tables and the dashboard show it.
type Table struct {
	Name  string `json:"table"`
	Model string `json:"model"`
	Rows  int64  `json:"rows"`
	// Pipelines are those that load the table, and LastLoad when the
	// newest succeeded run of one of them finished.
	Pipelines []string   `json:"pipelines"`
	LastLoad  *time.Time `json:"last_load"`
	Columns   []Column   `json:"columns"`
}

// Column is a column of a table with the count of its NULL values.
type Column struct {
	Name  string `json:"name"`
	Nulls int64  `json:"nulls"`
}

// Tables counts the rows and the NULLs of every column of the tables of
// models (one scan per table), in the models' order; pipelines say which
// pipeline loads which table and when it last succeeded. A table that
// does not exist yet (its migration not applied) has no row.
func Tables(ctx context.Context, store *repository.Store, models []any, pipelines []Pipeline) ([]Table, error) {
	out := make([]Table, 0, len(models))
	for _, m := range models {
		desc, err := store.TableOf(m)
		if err != nil {
			return nil, err
		}
		t := Table{Name: desc.Name, Model: desc.Model, Pipelines: []string{}}
		for i := range pipelines {
			p := &pipelines[i]
			if p.Target != t.Name {
				continue
			}
			t.Pipelines = append(t.Pipelines, p.Name)
			if p.LastSuccessAt != nil && (t.LastLoad == nil || p.LastSuccessAt.After(*t.LastLoad)) {
				t.LastLoad = p.LastSuccessAt
			}
		}
		names := make([]string, 0, len(desc.Columns)+len(desc.Keys))
		names = append(names, desc.Keys...)
		nullable := map[string]bool{}
		for _, c := range desc.Columns {
			if !slices.Contains(desc.Keys, c.Name) {
				names = append(names, c.Name)
				nullable[c.Name] = !c.NotNull
			}
		}
		exists, err := store.HasTable(ctx, t.Name)
		if err != nil {
			return nil, err
		}
		if exists {
			if t.Rows, t.Columns, err = countNulls(ctx, store, t.Name, names, nullable); err != nil {
				return nil, fmt.Errorf("table %s: %w", t.Name, err)
			}
		}
		out = append(out, t)
	}
	return out, nil
}

// countNulls counts the table's rows and the NULLs of each of its
// nullable columns in one scan. A column the model declares NOT NULL
// (a key, a `not null` field) has none, as the schema holds it to (the
// drift check keeps the two alike), so it is not scanned: a table of
// NOT NULL columns only, like load_rejects, costs a COUNT(*), which the
// databases answer from the smallest index.
func countNulls(ctx context.Context, store *repository.Store, table string, columns []string, nullable map[string]bool) (int64, []Column, error) {
	out := make([]Column, len(columns))
	var rows int64
	err := store.Query(ctx, func(db *gorm.DB) error {
		var sel strings.Builder
		sel.WriteString("SELECT COUNT(*)")
		dest := []any{&rows}
		for i, c := range columns {
			out[i].Name = c
			if !nullable[c] {
				continue
			}
			fmt.Fprintf(&sel, ", COALESCE(SUM(CASE WHEN %s IS NULL THEN 1 ELSE 0 END), 0)", db.Statement.Quote(c))
			dest = append(dest, &out[i].Nulls)
		}
		sel.WriteString(" FROM " + db.Statement.Quote(table))
		return db.Raw(sel.String()).Row().Scan(dest...)
	})
	return rows, out, err
}
