package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// pipelineEnv is the environment of the demo pipelines on url, which is
// left as it is (demoEnv migrates it).
func pipelineEnv(t *testing.T, url string) map[string]string {
	t.Helper()
	pipelines, err := filepath.Abs("../../pipelines.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return map[string]string{"LOADER_DATABASE_URL": url, "LOADER_PIPELINES": pipelines}
}

// refused runs the loader, expecting exit 1 and an error line with want.
func refused(t *testing.T, env map[string]string, want string, args ...string) {
	t.Helper()
	r := loader(t, env, args...)
	if line := errLine(t, r); r.code != 1 || !strings.Contains(line, want) {
		t.Fatalf("loader %s: exit %d, %q; want exit 1 and %q", strings.Join(args, " "), r.code, line, want)
	}
}

func TestRunRefusesAnUnmigratedHalfMigratedOrDirtySchema(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := pipelineEnv(t, url)
		files := embedded(t, dialectOf(url))
		need := fmt.Sprintf("the loader needs %d: run `loader migrate up`", last(files))
		refused(t, env, "the warehouse schema is at version 0, "+need, "run", "sales_ingest")
		mustLoader(t, env, "migrate", "goto", "1")
		refused(t, env, "the warehouse schema is at version 1, "+need, "run", "sales_ingest")
		refused(t, env, "the warehouse schema is at version 1, "+need, "run", "sales_ingest", "--dry-run")
		mustLoader(t, env, "migrate", "up")
		execSQL(t, url, "UPDATE schema_migrations SET dirty = true")
		lastFile, prev := files[len(files)-1], files[len(files)-2]
		dirty := fmt.Sprintf("schema_migrations is dirty at version %d (%s was interrupted outside a transaction); check whether its changes are in the database: if they are, run `loader migrate force %d`, if not `loader migrate force %d`, then `loader migrate up`",
			lastFile.Version, lastFile.Up, lastFile.Version, prev.Version)
		refused(t, env, dirty, "run", "sales_ingest")
		refused(t, env, dirty, "migrate", "up")
		mustLoader(t, env, "migrate", "force", fmt.Sprint(lastFile.Version))
		if r := mustLoader(t, env, "run", "sales_ingest"); !strings.Contains(r.stdout, "succeeded") {
			t.Fatalf("run after the repair: %q", r.stdout)
		}
	})
}

// execSQL runs stmt on the warehouse at url, to set a state by hand.
func execSQL(t *testing.T, url, stmt string) {
	t.Helper()
	if err := openStore(t, url).Scope(context.Background(), func(sess *repository.Session) error {
		return sess.Exec(context.Background(), stmt)
	}); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

func TestSchemaChangesWaitForOrRefuseRunningPipelines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		files := embedded(t, dialectOf(url))
		at := fmt.Sprintf("version %d\n", last(files))
		holder := openStore(t, url)
		release, err := holder.LockPipeline(context.Background(), "sales_ingest", false)
		if err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"migrate", "down"}, {"migrate", "goto", "0"}, {"migrate", "force", "1"}} {
			refused(t, env, "a pipeline run is in progress on this warehouse", args...)
			if v := mustLoader(t, env, "migrate", "version").stdout; v != at {
				t.Fatalf("%v while a pipeline runs changed the version to %q", args, v)
			}
		}
		mustLoader(t, env, "migrate", "up") // nothing to apply: nothing to refuse
		released := releaseSoon(release)
		mustLoader(t, env, "migrate", "down", "--wait")
		if !released.Load() {
			t.Fatal("migrate down --wait returned while the pipeline still held the warehouse")
		}
		if v := mustLoader(t, env, "migrate", "version").stdout; v != fmt.Sprintf("version %d\n", files[len(files)-2].Version) {
			t.Fatalf("version after down --wait: %q", v)
		}
	})
}

func TestRunWaitsForOrRefusesASchemaChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		env := demoEnv(t, url)
		holder := openStore(t, url)
		release, err := holder.LockSchemaChange(context.Background(), false)
		if err != nil {
			t.Fatal(err)
		}
		refused(t, env, "the warehouse schema is being changed by `loader migrate`", "run", "sales_ingest")
		if runs := mustLoader(t, env, "runs", "--format", "json").stdout; strings.TrimSpace(runs) != "[]" {
			t.Fatalf("a refused run must leave no run row: %s", runs)
		}
		released := releaseSoon(release)
		if r := mustLoader(t, env, "run", "sales_ingest", "--wait"); !strings.Contains(r.stdout, "succeeded") || !released.Load() {
			t.Fatalf("run --wait: %q (released: %v)", r.stdout, released.Load())
		}
	})
}

// releaseSoon releases a lock 300 ms from now; the flag it returns is set
// just before.
func releaseSoon(release func()) *atomic.Bool {
	var released atomic.Bool
	go func() {
		time.Sleep(300 * time.Millisecond)
		released.Store(true)
		release()
	}()
	return &released
}
