package migrations_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
)

// skippedVersion is the migration that lets a run be "skipped".
const skippedVersion = 10

// Migration 0010 keeps every run and reject, their ids and the id
// sequences, up and down (down deletes the skipped runs first), and leaves
// no drift after up.
func TestSkippedStatusMigrationKeepsRunsAndRejects(t *testing.T) {
	ctx := context.Background()
	dbtest.Each(t, func(t *testing.T, raw string) {
		m := open(t, raw)
		if _, err := m.Goto(ctx, skippedVersion-1); err != nil {
			t.Fatal(err)
		}
		for id := 1; id <= 3; id++ {
			exec(t, raw, fmt.Sprintf("INSERT INTO load_runs (pipeline, status, started_at, rows_read, rows_loaded, rows_rejected, error) VALUES ('p', 'failed', '2026-01-01 00:00:00', %d, 0, 1, 'bad')", id))
		}
		exec(t, raw, "INSERT INTO load_rejects (load_run_id, position, record, reason) VALUES (1, 'line 2', '{}', 'r1')")
		exec(t, raw, "INSERT INTO load_rejects (load_run_id, position, record, reason) VALUES (2, 'line 3', '{}', 'r2')")
		exec(t, raw, "DELETE FROM load_runs WHERE id = 3") // the sequence is now past the last id
		if _, err := m.Goto(ctx, skippedVersion); err != nil {
			t.Fatalf("up: %v", err)
		}
		wantRuns(t, raw, []int64{1, 2}, []int64{1, 2})
		exec(t, raw, "INSERT INTO load_runs (pipeline, status, started_at, rows_read, rows_loaded, rows_rejected) VALUES ('p', 'skipped', '2026-01-01 00:00:00', 0, 0, 0)")
		exec(t, raw, "INSERT INTO load_rejects (load_run_id, position, record, reason) VALUES (2, 'line 4', '{}', 'r3')")
		wantRuns(t, raw, []int64{1, 2, 4}, []int64{1, 2, 3})
		if d, err := store(t, raw).Drift(ctx, models.All()...); err != nil || len(d) != 0 {
			t.Fatalf("drift after up: %v, %v", d, err)
		}
		if _, err := m.Goto(ctx, skippedVersion-1); err != nil {
			t.Fatalf("down: %v", err)
		}
		wantRuns(t, raw, []int64{1, 2}, []int64{1, 2, 3})
		exec(t, raw, "INSERT INTO load_runs (pipeline, status, started_at, rows_read, rows_loaded, rows_rejected) VALUES ('p', 'succeeded', '2026-01-01 00:00:00', 0, 0, 0)")
		wantRuns(t, raw, []int64{1, 2, 5}, []int64{1, 2, 3})
		if _, err := m.Up(ctx); err != nil {
			t.Fatalf("up again: %v", err)
		}
		if d, err := store(t, raw).Drift(ctx, models.All()...); err != nil || len(d) != 0 {
			t.Fatalf("drift after up again: %v, %v", d, err)
		}
		exec(t, raw, "DELETE FROM load_runs WHERE id = 2")
		wantRuns(t, raw, []int64{1, 5}, []int64{1}) // the foreign key still cascades
	})
}

// wantRuns fails unless load_runs and load_rejects hold exactly these ids.
func wantRuns(t *testing.T, raw string, runs, rejects []int64) {
	t.Helper()
	var gotRuns, gotRejects []int64
	err := store(t, raw).Query(context.Background(), func(db *gorm.DB) error {
		if err := db.Table("load_runs").Order("id").Pluck("id", &gotRuns).Error; err != nil {
			return err
		}
		return db.Table("load_rejects").Order("id").Pluck("id", &gotRejects).Error
	})
	if err != nil || !slices.Equal(gotRuns, runs) || !slices.Equal(gotRejects, rejects) {
		t.Fatalf("runs %v rejects %v (%v); want runs %v rejects %v", gotRuns, gotRejects, err, runs, rejects)
	}
}
