package etl_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/drivers"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// env is a migrated warehouse plus a folder for input files.
type env struct {
	t     *testing.T
	store *repository.Store
	dir   string
}

func newEnv(t *testing.T, url string) *env {
	t.Helper()
	dbtest.Migrate(t, url)
	s, err := repository.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return &env{t: t, store: s, dir: t.TempDir()}
}

func (e *env) file(name, body string) string {
	p := filepath.Join(e.dir, name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// pipeline builds name from a pipeline file body.
func (e *env) pipeline(yaml, name string, o spec.Options) *etl.Pipeline {
	e.t.Helper()
	f, err := spec.Load(e.file("pipelines.yaml", yaml), func(string) string { return "" })
	if err != nil {
		e.t.Fatal(err)
	}
	o.Targets = repository.NewTargets(e.store, models.All()...)
	o.Databases = repository.OpenDatabases(e.store)
	p, closeFn, err := f.Build(context.Background(), name, o)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(closeFn)
	return p
}

func (e *env) run(p *etl.Pipeline) (etl.Result, error) {
	return (&etl.Runner{Warehouse: repository.NewWarehouse(e.store)}).Run(context.Background(), p)
}

// sales returns transformed_sales_data as "order_id=amount/category" lines.
func (e *env) sales() []string {
	e.t.Helper()
	var out []string
	err := repository.Stream(context.Background(), e.store, "order_id", 100, func(b []models.TransformedSale) error {
		for _, r := range b {
			out = append(out, fmt.Sprintf("%s=%s/%s", r.OrderID, r.SalesAmount.StringFixed(2), r.SalesCategory))
		}
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

const typedYAML = `
pipelines:
  load:
    source:
      csv: {path: in.csv}
    target: transformed_sales_data
    mode: %s
    steps:
      - fillna: {columns: [sales_amount], value: "0"}
      - cast: {column: sales_amount, to: decimal, scale: 2}
      - cast: {column: quantity, to: int}
      - cast: {column: sold_at, to: timestamp, format: rfc3339}
      - bin: {column: sales_amount, into: sales_category, edges: ["100", "500"], labels: [Low, Medium, High]}
`

const header = "order_id,sold_at,quantity,sales_amount\n"

func TestWriteModes(t *testing.T) {
	tests := []struct {
		mode        string
		first, then string
		want        []string
		wantErr     error
	}{
		{"append", "a,2024-01-01T00:00:00Z,1,5\n", "b,2024-01-01T00:00:00Z,1,600\n", []string{"a=5.00/Low", "b=600.00/High"}, nil},
		{"append", "a,2024-01-01T00:00:00Z,1,5\n", "a,2024-01-01T00:00:00Z,1,6\n", []string{"a=5.00/Low"}, etl.ErrAllRejected},
		{"upsert", "a,2024-01-01T00:00:00Z,1,5\nb,2024-01-01T00:00:00Z,1,7\n", "a,2024-01-01T00:00:00Z,1,300\nc,2024-01-01T00:00:00Z,1,\n", []string{"a=300.00/Medium", "b=7.00/Low", "c=0.00/Low"}, nil},
		{"replace", "a,2024-01-01T00:00:00Z,1,5\nb,2024-01-01T00:00:00Z,1,7\n", "c,2024-01-01T00:00:00Z,1,100\n", []string{"c=100.00/Low"}, nil},
	}
	dbtest.Each(t, func(t *testing.T, url string) {
		for _, tt := range tests {
			t.Run(tt.mode, func(t *testing.T) {
				e := newEnv(t, dbtest.New(t, dialectOf(url)))
				yaml := fmt.Sprintf(typedYAML, tt.mode)
				if _, err := e.run(e.pipeline(yaml, "load", spec.Options{Input: e.file("1.csv", header+tt.first)})); err != nil {
					t.Fatal(err)
				}
				// Another file: append mode is told to read it from its start.
				_, err := e.runWith(etl.NewSource, e.pipeline(yaml, "load", spec.Options{Input: e.file("2.csv", header+tt.then)}))
				if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
					t.Fatalf("second run: %v, want %v", err, tt.wantErr)
				}
				if got := e.sales(); strings.Join(got, " ") != strings.Join(tt.want, " ") {
					t.Fatalf("table %v, want %v", got, tt.want)
				}
			})
		}
	})
}

func dialectOf(url string) string {
	d, _, err := drivers.Parse(url)
	if err != nil {
		panic(err)
	}
	return d.Name()
}

func rows(n int, bad func(i int) bool) string {
	var b strings.Builder
	b.WriteString(header)
	for i := 0; i < n; i++ {
		amount := fmt.Sprint(i % 700)
		if bad(i) {
			amount = "n/a"
		}
		fmt.Fprintf(&b, "o%05d,2024-01-01T00:00:00Z,1,%s\n", i, amount)
	}
	return b.String()
}

func TestMaxRejects(t *testing.T) {
	// 1000 records, every hundredth rejected, in batches of 250 loaded rows:
	// 2, 5, 7 and 10 rejects after each batch. The batch that crosses the
	// limit is not written; those before it stay.
	tests := []struct {
		limit      string
		wantErr    bool
		wantLoaded int64
	}{
		{"10", false, 990}, {"9", true, 750}, {"1%", false, 990}, {"0.5%", true, 0}, {"0", true, 0},
	}
	dbtest.Each(t, func(t *testing.T, url string) {
		for _, tt := range tests {
			t.Run(tt.limit, func(t *testing.T) {
				e := newEnv(t, dbtest.New(t, dialectOf(url)))
				in := e.file("in.csv", rows(1000, func(i int) bool { return i%100 == 99 }))
				p := e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: in, MaxRejects: tt.limit, BatchSize: 250})
				res, err := e.run(p)
				if tt.wantErr != errors.Is(err, etl.ErrTooManyRejects) {
					t.Fatalf("run: %v (rejected %d)", err, res.Rejected)
				}
				run, _ := e.store.Run(context.Background(), res.RunID)
				rejects, _ := e.store.Rejects(context.Background(), res.RunID, 100)
				loaded := int64(len(e.sales()))
				if run.RowsLoaded != loaded || run.RowsRejected != int64(len(rejects)) {
					t.Fatalf("run row says %d loaded/%d rejected; table has %d, %d rejects stored", run.RowsLoaded, run.RowsRejected, loaded, len(rejects))
				}
				wantStatus := map[bool]string{false: models.RunSucceeded, true: models.RunFailed}[tt.wantErr]
				if loaded != tt.wantLoaded || run.Status != wantStatus {
					t.Fatalf("loaded %d, status %s; want %d, %s", loaded, run.Status, tt.wantLoaded, wantStatus)
				}
			})
		}
	})
}

func TestRejectsKeepPositionRecordAndReason(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		in := e.file("in.csv", header+"a,2024-01-01T00:00:00Z,1,5\nb,yesterday,1,5\nc,2024-01-01T00:00:00Z,1,-\n")
		res, err := e.run(e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: in}))
		if err != nil || res.Loaded != 1 || res.Rejected != 2 {
			t.Fatalf("%+v %v", res, err)
		}
		rejects, _ := e.store.Rejects(context.Background(), res.RunID, 10)
		got := fmt.Sprintf("%s|%s|%s", rejects[0].Position, rejects[0].Reason, rejects[0].Record)
		for _, want := range []string{"line 3", `column sold_at: "yesterday"`, `"order_id":"b"`} {
			if !strings.Contains(got, want) {
				t.Errorf("reject %q lacks %q", got, want)
			}
		}
	})
}

func TestDryRunWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		in := e.file("in.csv", rows(100, func(i int) bool { return i < 3 }))
		res, err := (&etl.Runner{Warehouse: repository.NewWarehouse(e.store)}).DryRun(context.Background(), e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: in}), 2)
		if err != nil || res.Read != 100 || res.Loaded != 97 || res.Rejected != 3 || len(res.Rejects) != 2 {
			t.Fatalf("%+v %v", res, err)
		}
		runs, _ := e.store.Runs(context.Background(), "", 10)
		if len(runs) != 0 || len(e.sales()) != 0 {
			t.Fatalf("dry run wrote %d runs, %d rows", len(runs), len(e.sales()))
		}
	})
}

func TestMalformedFileFailsNamingFileAndLine(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		in := e.file("broken.csv", rows(10, func(int) bool { return false })+"z,\"2024-01-01,1,5\n")
		res, err := e.run(e.pipeline(fmt.Sprintf(typedYAML, "append"), "load", spec.Options{Input: in, BatchSize: 4}))
		if err == nil || !strings.Contains(err.Error(), "broken.csv") || !strings.Contains(err.Error(), "line 12") {
			t.Fatalf("run error %v: want the file and line 12", err)
		}
		run, _ := e.store.Run(context.Background(), res.RunID)
		if run.Status != models.RunFailed || run.RowsLoaded != int64(len(e.sales())) {
			t.Fatalf("run %+v with %d rows in the table", run, len(e.sales()))
		}
	})
}

func TestTypedPipeline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		in := e.file("in.csv", header+"a,2024-01-01T00:00:00Z,3,1.5\nb,2024-01-01T00:00:00Z,x,2\n")
		model, err := repository.ModelOf[models.TransformedSale](e.store)
		if err != nil {
			t.Fatal(err)
		}
		p := etl.NewTyped(model, "typed", mustCSV(t, in), etl.Upsert, salesFromView)
		res, err := e.run(p)
		if err != nil || res.Loaded != 1 || res.Rejected != 1 {
			t.Fatalf("%+v %v", res, err)
		}
		if got := e.sales(); len(got) != 1 || got[0] != "a=1.50/Low" {
			t.Fatalf("table %v", got)
		}
	})
}

func TestJSONSourceRun(t *testing.T) {
	const yaml = `
pipelines:
  load:
    source:
      json: {path: in.json}
    target: transformed_sales_data
    mode: upsert
    steps:
      - cast: {column: sales_amount, to: decimal, scale: 2}
      - cast: {column: quantity, to: int}
      - cast: {column: sold_at, to: timestamp}
      - bin: {column: sales_amount, into: sales_category, edges: ["100", "500"], labels: [Low, Medium, High]}
`
	dbtest.Each(t, func(t *testing.T, url string) {
		e := newEnv(t, url)
		for _, body := range []string{
			`[{"order_id": "a", "sold_at": "2024-01-01T00:00:00Z", "quantity": 2, "sales_amount": 12.30},
			  {"order_id": "b", "sold_at": "2024-01-01T00:00:00Z", "quantity": 1, "sales_amount": 700, "extra": true}]`,
			"{\"order_id\": \"c\", \"sold_at\": \"2024-01-01T00:00:00Z\", \"quantity\": 1, \"sales_amount\": \"250.5\"}\n",
		} {
			res, err := e.run(e.pipeline(yaml, "load", spec.Options{Input: e.file(fmt.Sprintf("in%d.json", len(body)), body)}))
			if err != nil {
				t.Fatalf("%+v %v", res, err)
			}
		}
		if got := fmt.Sprint(e.sales()); got != "[a=12.30/Low c=250.50/Medium]" {
			t.Fatalf("table %s (b has an unexpected field and is rejected)", got)
		}
	})
}

func TestRunnerWithoutWarehouse(t *testing.T) {
	for name, run := range map[string]func(*etl.Runner, *etl.Pipeline) (etl.Result, error){
		"Run":    func(r *etl.Runner, p *etl.Pipeline) (etl.Result, error) { return r.Run(context.Background(), p) },
		"DryRun": func(r *etl.Runner, p *etl.Pipeline) (etl.Result, error) { return r.DryRun(context.Background(), p, 1) },
	} {
		if _, err := run(&etl.Runner{}, &etl.Pipeline{Name: "p"}); err == nil || !strings.Contains(err.Error(), "no Warehouse") {
			t.Errorf("%s without a Warehouse: %v", name, err)
		}
	}
}
