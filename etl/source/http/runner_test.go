package httpsource_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

const runnerYAML = `
pipelines:
  orders:
    source:
      http:
        url: %s/orders
        records: data
        auth: {bearer: "${API_TOKEN}"}
        paginate: {page: {size: 2, size_param: per_page}}
    target: sales_data
    batch_size: 2
`

const token = "tok-9f8e7d6c5b4a"

// A page that is not JSON in the middle of a run fails it naming the page
// and its request; the pages committed before stay, and the next run
// resumes at the bad page: no row is lost or loaded twice. The token
// reaches no error, run or checkpoint.
func TestRunnerMalformedPageInTheMiddle(t *testing.T) {
	var broken atomic.Bool
	broken.Store(true)
	a := serve(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		p := query(r, "page", 1)
		if p == 3 && broken.Load() {
			w.Header().Set("Content-Type", "text/html")
			_, _ = fmt.Fprint(w, "<html><body>Oops, "+token+"</body></html>")
			return
		}
		var recs []string
		for i := (p-1)*2 + 1; i <= min(p*2, 7); i++ {
			recs = append(recs, fmt.Sprintf(`{"order_id":"o%d","quantity":"%d"}`, i, i))
		}
		writeJSON(w, `{"data":[`+strings.Join(recs, ",")+`]}`)
	})
	url := dbtest.SQLite(t)
	dbtest.Migrate(t, url)
	store, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close() })
	run := func() (etl.Result, error) {
		path := filepath.Join(t.TempDir(), "pipelines.yaml")
		if err := os.WriteFile(path, []byte(fmt.Sprintf(runnerYAML, a.URL)), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := spec.Load(path, func(name string) string { return map[string]string{"API_TOKEN": token}[name] })
		if err != nil {
			t.Fatal(err)
		}
		p, closeFn, err := f.Build(context.Background(), "orders", spec.Options{Targets: repository.NewTargets(store, models.All()...)})
		if err != nil {
			t.Fatal(err)
		}
		defer closeFn()
		return (&etl.Runner{Warehouse: repository.NewWarehouse(store)}).Run(context.Background(), p)
	}
	_, err = run()
	want := fmt.Sprintf("page 3 (GET %s/orders?page=3&per_page=2): the response is not JSON (Content-Type text/html): <html><body>Oops, ***</body></html>", a.URL)
	if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), token) {
		t.Fatalf("run 1: %v\nwant %s", err, want)
	}
	if got := orders(t, store); got != "o1 o2 o3 o4" {
		t.Errorf("after the failed run the table holds %q, want the two pages committed", got)
	}
	st, _, err := repository.NewWarehouse(store).State(context.Background(), "orders")
	if err != nil || strings.Contains(st.Cursor+st.Source, token) || !strings.Contains(st.Cursor, `"pages":3`) {
		t.Errorf("state %+v, %v", st, err)
	}
	broken.Store(false)
	res, err := run()
	if err != nil || res.Read != 3 || res.ResumedAfter != 4 {
		t.Fatalf("run 2: %+v %v", res, err)
	}
	if got := orders(t, store); got != "o1 o2 o3 o4 o5 o6 o7" {
		t.Errorf("table %q", got)
	}
	if res, err := run(); err != nil || res.Read != 0 {
		t.Errorf("run 3 of an append pipeline read %+v, %v; want nothing", res, err)
	}
}

// orders returns the order ids of sales_data, in load order.
func orders(t *testing.T, s *repository.Store) string {
	t.Helper()
	var ids []string
	err := repository.Stream(context.Background(), s, "id", 100, func(b []models.SalesData) error {
		for _, r := range b {
			ids = append(ids, *r.OrderID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(ids, " ")
}
