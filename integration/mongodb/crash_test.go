//go:build unix

package mongodb_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/repository"
)

// loaderBinary builds cmd/loader of the loader module into a temporary
// folder.
func loaderBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "loader")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/loader")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/loader: %v\n%s", err, out)
	}
	return bin
}

// loaderCmd returns the loader binary run with args and the environment
// of a pipeline file at path writing to the warehouse at url.
func loaderCmd(bin, url, path string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LOADER_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "LOADER_DATABASE_URL="+url, "LOADER_PIPELINES="+path,
		"MONGODB_HOST="+env("MONGODB_HOST"), "MONGODB_PASSWORD="+env("MONGODB_PASSWORD"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// committed returns the records the pipeline mongo_orders committed.
func committed(t *testing.T, s *repository.Store) int64 {
	t.Helper()
	st, found, err := s.State(context.Background(), "mongo_orders")
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		return 0
	}
	return st.SourceOffset
}

// The loader binary, killed (SIGKILL) three times while it loads a
// collection, each time once it committed past a random point of the
// next fifth, then run to the end: every document is in the
// warehouse once, appended, since each batch's rows and the last key
// committed are one transaction. LOADER_TEST_SEED replays the points.
func TestSIGKILLAndRerunLoadsEveryDocumentOnce(t *testing.T) {
	const docs = 1500
	bin := loaderBinary(t)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("LOADER_TEST_SEED"); s != "" {
		_, _ = fmt.Sscan(s, &seed)
	}
	t.Logf("LOADER_TEST_SEED=%d", seed)
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		c, db := collection(t)
		insert(t, c, orders(1, docs)...)
		path := pipelineFile(t, db, 10, 100)
		store := openStore(t, url)
		rng := rand.New(rand.NewPCG(seed, uint64(len(url))))
		var at int64
		for i := range 3 {
			cmd, out := loaderCmd(bin, url, path, "run", "mongo_orders", "--wait")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			// A random checkpoint in the (i+1)-th fifth of the collection:
			// kill there, whenever the run is that far.
			target := int64(docs*(i+1)/5 + rng.IntN(docs/5))
			deadline := time.Now().Add(time.Minute)
			var err error
			exited := false
			for !exited && committed(t, store) < target && time.Now().Before(deadline) {
				select {
				case err = <-done:
					exited = true
				case <-time.After(time.Millisecond):
				}
			}
			if !exited {
				_ = cmd.Process.Kill()
				err = <-done
			}
			if err == nil {
				t.Fatalf("run %d ended before the kill: %s", i+1, out)
			}
			before := at
			at = committed(t, store)
			if at >= docs {
				t.Fatalf("run %d loaded everything before the kill", i+1)
			}
			t.Logf("kill %d: checkpoint %d → %d", i+1, before, at)
		}
		cmd, out := loaderCmd(bin, url, path, "run", "mongo_orders", "--wait")
		if err := cmd.Run(); err != nil {
			t.Fatalf("final run: %v\n%s", err, out)
		}
		t.Logf("final run: %s", strings.TrimSpace(out.String()))
		if n, d := count(t, store, "SELECT COUNT(*) FROM mongo_orders"), count(t, store, "SELECT COUNT(DISTINCT order_id) FROM mongo_orders"); n != docs || d != docs {
			t.Fatalf("mongo_orders holds %d rows of %d ids, want %d once each", n, d, docs)
		}
		if n := count(t, store, "SELECT COUNT(*) FROM load_rejects"); n != 0 {
			t.Fatalf("%d rejects", n)
		}
		if n := count(t, store, "SELECT SUM(rows_read) FROM load_runs WHERE pipeline = 'mongo_orders'"); n != docs {
			t.Errorf("the runs read %d documents in all, want each once (%d)", n, docs)
		}
	})
}
