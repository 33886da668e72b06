package sqlsource_test

import (
	"context"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// The sql kind registers itself, and reads the database Params.Databases
// opens: the warehouse when the settings name none.
func TestFactoryReadsTheDatabaseParamsOpen(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, raw string) {
		ctx := context.Background()
		factory, ok := source.Lookup("sql")
		if !ok {
			t.Fatalf("sql is not registered: %v", source.Names())
		}
		var settings yaml.Node
		if err := yaml.Unmarshal([]byte("{table: items, key: id, page_size: 2}"), &settings); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name      string
			databases source.OpenDatabase
			want      string
		}{
			{"no databases", nil, "no database to read"},
			{"the warehouse", repository.OpenDatabases(itemsStore(t, raw)), ""},
		} {
			src, closeFn, err := factory(ctx, source.Params{Settings: settings.Content[0], Databases: tt.databases})
			if tt.want != "" {
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if _, err := src.Open(ctx, etl.Checkpoint{}); err != nil {
				t.Fatal(err)
			}
			var rec etl.Record
			var keys []string
			for src.Next(ctx, &rec) == nil {
				keys = append(keys, rec.Key)
			}
			_ = src.Close()
			closeFn()
			if strings.Join(keys, ",") != "1,2,3" {
				t.Errorf("%s: read keys %v, want 1,2,3", tt.name, keys)
			}
		}
	})
}
