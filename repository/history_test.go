package repository_test

import (
	"context"
	"fmt"
	"testing"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// A run's rejects filtered by reason: case ignored, LIKE's wildcards taken
// as they are, only that run's rejects (another run's lie between them),
// paged with After and counted whatever the page; a run without rejects
// has none.
func TestRejectsPageAndCountByReason(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := openWith(t, url)
		a, err := s.StartRun(ctx, "history-a")
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.StartRun(ctx, "history-b")
		if err != nil {
			t.Fatal(err)
		}
		empty, err := s.StartRun(ctx, "history-empty")
		if err != nil {
			t.Fatal(err)
		}
		reasons := []string{`column sales_amount: "12,50" is not a valid Decimal`, `column quantity: "x" is not a valid integer`, `100% over the 50_cap`}
		var rows []models.LoadReject
		for i := range 9 { // a's and b's rejects in turn
			for _, run := range []int64{a.ID, b.ID} {
				rows = append(rows, models.LoadReject{LoadRunID: run, Position: fmt.Sprintf("line %d", i+2), Record: "{}", Reason: reasons[i%3]})
			}
		}
		if err := s.Query(ctx, func(db *gorm.DB) error { return db.Create(&rows).Error }); err != nil {
			t.Fatal(err)
		}
		positions := func(rs []models.LoadReject) []string {
			out := []string{}
			for _, r := range rs {
				if r.LoadRunID != a.ID {
					t.Errorf("reject %d of run %d, want run %d's only", r.ID, r.LoadRunID, a.ID)
				}
				out = append(out, r.Position)
			}
			return out
		}
		aFirst := rows[0].ID // a's first reject, "line 2"
		tests := []struct {
			name  string
			f     repository.RejectFilter
			want  []string
			count int64
		}{
			{"all", repository.RejectFilter{RunID: a.ID, Limit: -1}, []string{"line 2", "line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "line 10"}, 9},
			{"case ignored", repository.RejectFilter{RunID: a.ID, Reason: "DECIMAL", Limit: -1}, []string{"line 2", "line 5", "line 8"}, 3},
			{"a page", repository.RejectFilter{RunID: a.ID, Reason: "decimal", Limit: 2}, []string{"line 2", "line 5"}, 3},
			{"after", repository.RejectFilter{RunID: a.ID, Reason: "decimal", After: aFirst, Limit: -1}, []string{"line 5", "line 8"}, 3},
			{"percent", repository.RejectFilter{RunID: a.ID, Reason: "100%", Limit: -1}, []string{"line 4", "line 7", "line 10"}, 3},
			{"underscore", repository.RejectFilter{RunID: a.ID, Reason: "50_c", Limit: -1}, []string{"line 4", "line 7", "line 10"}, 3},
			{"wildcards are not wild", repository.RejectFilter{RunID: a.ID, Reason: "0%_o", Limit: -1}, []string{}, 0},
			{"no match", repository.RejectFilter{RunID: a.ID, Reason: "timestamp", Limit: -1}, []string{}, 0},
			{"no rejects", repository.RejectFilter{RunID: empty.ID, Limit: -1}, []string{}, 0},
			{"no rejects, a reason", repository.RejectFilter{RunID: empty.ID, Reason: "decimal", Limit: -1}, []string{}, 0},
			{"count capped", repository.RejectFilter{RunID: a.ID, Reason: "decimal", Limit: -1, CountUpTo: 2}, []string{"line 2", "line 5", "line 8"}, 2},
			{"count under the cap", repository.RejectFilter{RunID: a.ID, Reason: "decimal", Limit: -1, CountUpTo: 4}, []string{"line 2", "line 5", "line 8"}, 3},
		}
		for _, tt := range tests {
			page, err := s.RejectsPage(ctx, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := fmt.Sprint(positions(page)); got != fmt.Sprint(tt.want) {
				t.Errorf("%s: page %s, want %s", tt.name, got, fmt.Sprint(tt.want))
			}
			n, err := s.CountRejects(ctx, tt.f)
			if err != nil || n != tt.count {
				t.Errorf("%s: CountRejects = %d, %v; want %d", tt.name, n, err, tt.count)
			}
		}
	})
}
