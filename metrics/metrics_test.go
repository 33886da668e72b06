package metrics_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/shopspring/decimal"

	"github.com/warehouse-loader/loader/etl"
	csvsource "github.com/warehouse-loader/loader/etl/source/csv"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/metrics"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/repositorytest"
)

// warehouse opens the migrated database at url for the test.
var warehouse = repositorytest.OpenStore

// scrape GETs the handler's metrics, which must answer 200, and parses
// them; it returns the body too.
func scrape(t *testing.T, h http.Handler) (map[string]*dto.MetricFamily, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: %s, %v\n%s", resp.Status, err, body)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("parsing the exposition: %v\n%s", err, body)
	}
	return fams, string(body)
}

// value returns the value of the series of name with the labels (name,
// value pairs): a counter's or a gauge's value, a histogram's count.
func value(fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	for _, m := range fams[name].GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.GetCounter() != nil:
			return m.GetCounter().GetValue(), true
		case m.GetGauge() != nil:
			return m.GetGauge().GetValue(), true
		case m.GetHistogram() != nil:
			return float64(m.GetHistogram().GetSampleCount()), true
		}
	}
	return 0, false
}

func hasLabels(m *dto.Metric, labels []string) bool {
	have := map[string]string{}
	for _, l := range m.GetLabel() {
		have[l.GetName()] = l.GetValue()
	}
	for i := 0; i+1 < len(labels); i += 2 {
		if have[labels[i]] != labels[i+1] {
			return false
		}
	}
	return len(have) == len(labels)/2
}

// want checks the series of name with labels has value v.
func want(t *testing.T, fams map[string]*dto.MetricFamily, v float64, name string, labels ...string) {
	t.Helper()
	if got, ok := value(fams, name, labels...); !ok || got != v {
		t.Errorf("%s%v = %v (found: %v), want %v", name, labels, got, ok, v)
	}
}

// salesPipeline is a typed pipeline of the CSV body into
// transformed_sales_data, in batches of 2 rows; a record whose amount is
// not a decimal is rejected.
func salesPipeline(t *testing.T, s *repository.Store, name, body string) *etl.Pipeline {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sales.csv")
	if err := os.WriteFile(path, []byte("order_id,amount\n"+body), 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := csvsource.NewCSV(path, csvsource.CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	model, err := repository.ModelOf[models.TransformedSale](s)
	if err != nil {
		t.Fatal(err)
	}
	p := etl.NewTyped(model, name, src, etl.Append, func(v etl.View) (models.TransformedSale, error) {
		id, _ := v.Text("order_id")
		amount, _ := v.Text("amount")
		d, err := decimal.NewFromString(amount)
		if err != nil {
			return models.TransformedSale{}, etl.Rejectf("amount %q is not a decimal", amount)
		}
		return models.TransformedSale{OrderID: id, SoldAt: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Quantity: 1, SalesAmount: d, SalesCategory: "Low"}, nil
	})
	p.BatchSize = 2
	return p
}

// TestMetricsOfRealRuns: a run this process executes, and runs recorded
// by another (straight into load_runs), show in one scrape: the sums of
// load_runs per pipeline, and the histograms of the run observed here.
func TestMetricsOfRealRuns(t *testing.T) {
	dbtest.EachMigrated(t, func(t *testing.T, url string) {
		ctx := context.Background()
		s := warehouse(t, url)
		m := metrics.New(s)
		batches := 0
		r := &etl.Runner{Warehouse: repository.NewWarehouse(s), Progress: func(etl.Progress) { batches++ }}
		m.Observe(r)
		p := salesPipeline(t, s, "sales", "a,1\nb,2\nc,x\nd,4\ne,5\n")
		res, err := r.Run(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		m.RunDone(p.Name, res.Status, res.Duration)
		run, err := s.Run(ctx, res.RunID)
		if err != nil {
			t.Fatal(err)
		}
		other := warehouse(t, url) // another process's runs
		failed, err := other.StartRun(ctx, "orders")
		if err != nil {
			t.Fatal(err)
		}
		failed.Status, failed.RowsRead, failed.RowsRejected = models.RunFailed, 3, 3
		if err := other.FinishRun(ctx, &failed); err != nil {
			t.Fatal(err)
		}
		if _, err := other.StartRun(ctx, "events"); err != nil {
			t.Fatal(err)
		}

		fams, _ := scrape(t, m.Handler())
		want(t, fams, 1, "loader_warehouse_up")
		for name, v := range map[string]float64{"read": 5, "loaded": 4, "rejected": 1, "dropped": 0} {
			want(t, fams, v, "loader_rows_"+name+"_total", "pipeline", "sales")
		}
		want(t, fams, 3, "loader_rows_rejected_total", "pipeline", "orders")
		want(t, fams, 1, "loader_runs_total", "pipeline", "sales", "status", "succeeded")
		want(t, fams, 0, "loader_runs_total", "pipeline", "sales", "status", "failed")
		want(t, fams, 1, "loader_runs_total", "pipeline", "orders", "status", "failed")
		want(t, fams, 0, "loader_runs_total", "pipeline", "events", "status", "succeeded")
		want(t, fams, 0, "loader_runs_in_progress", "pipeline", "sales")
		want(t, fams, 1, "loader_runs_in_progress", "pipeline", "events")
		want(t, fams, float64(run.FinishedAt.UnixNano())/1e9, "loader_last_success_timestamp_seconds", "pipeline", "sales")
		if _, ok := value(fams, "loader_last_success_timestamp_seconds", "pipeline", "orders"); ok {
			t.Error("orders never succeeded, yet has a last success")
		}
		// In-process: this run's batches and duration, not the others'.
		if batches < 3 {
			t.Fatalf("%d batches reported for 4 rows in batches of 2", batches)
		}
		want(t, fams, float64(batches), "loader_batch_commit_seconds", "pipeline", "sales")
		want(t, fams, 1, "loader_run_duration_seconds", "pipeline", "sales", "status", "succeeded")
		if _, ok := value(fams, "loader_batch_commit_seconds", "pipeline", "orders"); ok {
			t.Error("a batch commit of orders, which ran elsewhere, was observed")
		}
		for _, name := range []string{"go_goroutines", "process_start_time_seconds", "promhttp_metric_handler_requests_total"} {
			if fams[name] == nil {
				t.Errorf("no %s", name)
			}
		}
	})
}

// TestWarehouseDown: a warehouse that cannot be read gives
// loader_warehouse_up 0 and the other collectors, with status 200.
func TestWarehouseDown(t *testing.T) {
	t.Run("closed", func(t *testing.T) {
		url := dbtest.SQLite(t)
		dbtest.Migrate(t, url)
		s := warehouse(t, url)
		m := metrics.New(s)
		m.RunDone("sales", models.RunSucceeded, time.Second)
		_ = s.Close()
		fams, _ := scrape(t, m.Handler())
		want(t, fams, 0, "loader_warehouse_up")
		want(t, fams, 1, "loader_run_duration_seconds", "pipeline", "sales", "status", "succeeded")
		if fams["go_goroutines"] == nil || fams["loader_rows_read_total"] != nil {
			t.Errorf("families %v: want the Go collector's and none of load_runs", names(fams))
		}
	})
	t.Run("past the scrape timeout", func(t *testing.T) {
		// load_runs locked by another transaction: the scrape's query
		// waits until its deadline.
		url := dbtest.Postgres(t)
		dbtest.Migrate(t, url)
		s := warehouse(t, url)
		locked, release := make(chan struct{}), make(chan struct{})
		errc := make(chan error, 1)
		go func() {
			errc <- s.Scope(context.Background(), func(sess *repository.Session) error {
				err := sess.Gorm(context.Background()).Exec("LOCK TABLE load_runs IN ACCESS EXCLUSIVE MODE").Error
				close(locked)
				<-release
				return err
			})
		}()
		<-locked
		m := metrics.New(warehouse(t, url), metrics.WithScrapeTimeout(200*time.Millisecond))
		fams, _ := scrape(t, m.Handler())
		close(release)
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
		want(t, fams, 0, "loader_warehouse_up")
		fams, _ = scrape(t, m.Handler())
		want(t, fams, 1, "loader_warehouse_up")
	})
}

func names(fams map[string]*dto.MetricFamily) []string {
	var out []string
	for n := range fams {
		out = append(out, n)
	}
	return out
}

// TestLabelsHoldNoSecrets: a failed run's error (which may name a URL)
// is in no label or value.
func TestLabelsHoldNoSecrets(t *testing.T) {
	url := dbtest.SQLite(t)
	dbtest.Migrate(t, url)
	s := warehouse(t, url)
	ctx := context.Background()
	run, err := s.StartRun(ctx, "sales")
	if err != nil {
		t.Fatal(err)
	}
	msg := "connecting to postgres://loader:s3cret@db.example:5432/w failed"
	run.Status, run.Error = models.RunFailed, &msg
	if err := s.FinishRun(ctx, &run); err != nil {
		t.Fatal(err)
	}
	fams, body := scrape(t, metrics.New(s).Handler())
	want(t, fams, 1, "loader_runs_total", "pipeline", "sales", "status", "failed")
	for _, secret := range []string{"s3cret", "db.example", "connecting"} {
		if strings.Contains(body, secret) {
			t.Errorf("the metrics show %q:\n%s", secret, body)
		}
	}
}
