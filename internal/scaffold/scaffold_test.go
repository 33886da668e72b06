package scaffold

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// TestRunWrites: the model, one migration pair per driver at the next
// version, and the pipeline added after the others with the file's
// comments kept; the file parses as loader run reads it.
func TestRunWrites(t *testing.T) {
	o := project(t)
	o.Keys = []string{"Zip Code"}
	res := mustRun(t, o)
	var want []string
	want = append(want, filepath.Join(o.Dir, "models", "movies.go"))
	for _, d := range drivers.Names() {
		for _, dir := range []string{"up", "down"} {
			want = append(want, filepath.Join(o.Dir, "migrations", d, "0002_create_movies."+dir+".sql"))
		}
	}
	want = append(want, o.Pipelines)
	slices.Sort(want)
	got := slices.Sorted(slices.Values(res.Paths))
	if !slices.Equal(got, want) {
		t.Fatalf("wrote %v, want %v", got, want)
	}
	body := read(t, o.Pipelines)
	head, _, _ := strings.Cut(pipelinesYAML, "# The end.")
	if !strings.HasPrefix(body, head) || !strings.HasSuffix(body, "# The end.\n") {
		t.Errorf("the pipeline file lost its entries or comments:\n%s", body)
	}
	f, err := spec.Parse([]byte(body), func(string) string { return "" })
	if err != nil {
		t.Fatalf("the new pipeline file does not parse: %v\n%s", err, body)
	}
	p := f.Pipelines["movies"]
	if p == nil || p.Target != "movies" || p.Mode != "upsert" || !slices.Equal(p.Keys, []string{"zip_code"}) || p.BatchSize != defaultBatchSize || len(f.Pipelines) != 3 {
		t.Fatalf("pipelines %v; movies = %+v", f.Names(), p)
	}
	for _, s := range []string{
		"path: data/movies.csv",
		"zip_code: Zip Code",
		"us_gross: US Gross",
		"- validate: {column: zip_code, not_null: true}",
		"- cast: {column: us_gross, to: decimal, scale: 3}",
		"- cast: {column: release_date, to: date, format: 01/02/2006}",
	} {
		if !strings.Contains(body, s) {
			t.Errorf("pipeline file lacks %q:\n%s", s, body)
		}
	}
	if strings.Contains(body, "column: title") {
		t.Errorf("a text column got a step:\n%s", body)
	}
}

// TestRunPipelineFiles: a missing pipeline file is created; a file with
// an empty pipelines mapping gets the entry under it; a JSON sample
// appends without keys.
func TestRunPipelineFiles(t *testing.T) {
	for name, start := range map[string]string{"missing": "", "empty": "pipelines:\n# nothing yet\n"} {
		t.Run(name, func(t *testing.T) {
			o := project(t)
			if start == "" {
				if err := os.Remove(o.Pipelines); err != nil {
					t.Fatal(err)
				}
			} else {
				write(t, o.Pipelines, start)
			}
			o.Name, o.From = "items", filepath.Join(o.Dir, "items.ndjson")
			write(t, o.From, "{\"sku\": \"A\", \"n\": 1}\n{\"sku\": \"B\", \"n\": null}\n")
			mustRun(t, o)
			body := read(t, o.Pipelines)
			if !strings.HasPrefix(body, "pipelines:\n  items:\n") && !strings.HasPrefix(body, "pipelines:\n\n  items:\n") || !strings.Contains(body, "json:\n        path: items.ndjson\n        format: ndjson") || !strings.Contains(body, "mode: append") {
				t.Errorf("pipeline file:\n%s", body)
			}
			if start != "" && !strings.HasSuffix(body, "# nothing yet\n") {
				t.Errorf("the comment after pipelines was lost:\n%s", body)
			}
		})
	}
}

// TestRunRefuses: bad names, taken names, bad keys and flags are refused
// before anything is written, with an error that says what to do.
func TestRunRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(o *Options)
		want string
	}{
		{"camel case", func(o *Options) { o.Name = "MovieSales" }, `name "MovieSales" is not snake_case`},
		{"dash", func(o *Options) { o.Name = "movie-sales" }, "is not snake_case"},
		{"existing table", func(o *Options) { o.Name = "transformed_sales_data" }, "the project has a table transformed_sales_data already"},
		{"migrate's table", func(o *Options) { o.Name = "schema_migrations" }, "golang-migrate's own table"},
		{"type taken", func(o *Options) { o.Name = "sales_data"; o.Models = nil }, "declares SalesData already"},
		{"key not a column", func(o *Options) { o.Keys = []string{"zip"} }, `--key zip: the file has no such column; its columns: "Zip Code", "US Gross"`},
		{"key with missing values", func(o *Options) { o.Keys = []string{"title"} }, "--key title: the sample has records without a value for it"},
		{"key twice", func(o *Options) { o.Keys = []string{"zip_code", "Zip Code"} }, "--key Zip Code is given twice"},
		{"format", func(o *Options) { o.Format = "xml" }, `format "xml"`},
		{"extension", func(o *Options) { o.From = strings.TrimSuffix(o.From, ".csv") + ".txt" }, "use csv, json, ndjson or parquet (--format)"},
		{"no file", func(o *Options) { o.From = filepath.Join(o.Dir, "nope.csv") }, "nope.csv: no such file"},
		{"sample", func(o *Options) { o.Sample = -1 }, "--sample -1"},
		{"not the root", func(o *Options) { o.Dir = filepath.Join(o.Dir, "data") }, "has no models folder: run loader scaffold from the project's root, or pass --dir"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := project(t)
			tc.edit(&o)
			if tc.name == "extension" {
				write(t, o.From, moviesCSV)
			}
			_, err := Run(context.Background(), o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want it to say %q", err, tc.want)
			}
			if read(t, o.Pipelines) != pipelinesYAML {
				t.Error("the pipeline file changed")
			}
			if m, _ := filepath.Glob(filepath.Join(o.Dir, "migrations", "*", "0002_*")); len(m) > 0 {
				t.Errorf("migrations written: %v", m)
			}
		})
	}
}

// TestRunForce: a second scaffold refuses, naming what exists; --force
// rewrites the model, the pipeline entry and the latest create_NAME
// migration in place, and refuses once a later migration exists.
func TestRunForce(t *testing.T) {
	o := project(t)
	mustRun(t, o)
	for _, tc := range []struct {
		name   string
		remove string
		want   string
	}{
		{"model", "", "models/movies.go exists; pass --force"},
		{"pipeline", "models/movies.go", "has a pipeline movies already; pass --force"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.remove != "" {
				saved := read(t, filepath.Join(o.Dir, tc.remove))
				if err := os.Remove(filepath.Join(o.Dir, tc.remove)); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { write(t, filepath.Join(o.Dir, tc.remove), saved) })
			}
			_, err := Run(context.Background(), o)
			if err == nil || !strings.Contains(filepath.ToSlash(err.Error()), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// The migration alone is left: remove the model and the pipeline.
	t.Run("migration", func(t *testing.T) {
		o2 := o
		o2.Pipelines = filepath.Join(o.Dir, "other.yaml")
		model := filepath.Join(o.Dir, "models", "movies.go")
		saved := read(t, model)
		if err := os.Remove(model); err != nil {
			t.Fatal(err)
		}
		defer write(t, model, saved)
		_, err := Run(context.Background(), o2)
		if err == nil || !strings.Contains(err.Error(), "migration 0002_create_movies exists") {
			t.Fatalf("err = %v, want the migration named", err)
		}
	})

	o.Force, o.Keys = true, []string{"Zip Code"}
	res := mustRun(t, o)
	if m, _ := filepath.Glob(filepath.Join(o.Dir, "migrations", "postgres", "*.up.sql")); len(m) != 2 {
		t.Errorf("after --force: migrations %v, want 0001 and 0002 only", m)
	}
	up := read(t, filepath.Join(o.Dir, "migrations", "postgres", "0002_create_movies.up.sql"))
	if !strings.Contains(up, `PRIMARY KEY ("zip_code")`) {
		t.Errorf("the migration was not rewritten with the key:\n%s", up)
	}
	if !strings.Contains(read(t, res.Paths[0]), "primaryKey") {
		t.Error("the model was not rewritten")
	}
	body := read(t, o.Pipelines)
	if strings.Count(body, "  movies:\n") != 1 || !strings.Contains(body, "mode: upsert") || !strings.HasSuffix(body, "# The end.\n") {
		t.Errorf("pipeline file after --force:\n%s", body)
	}

	for _, d := range drivers.Names() {
		write(t, filepath.Join(o.Dir, "migrations", d, "0003_add_x.up.sql"), "SELECT 1;\n")
		write(t, filepath.Join(o.Dir, "migrations", d, "0003_add_x.down.sql"), "SELECT 1;\n")
	}
	_, err := Run(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "is not the latest") || !strings.Contains(err.Error(), "loader migrate diff") {
		t.Fatalf("err = %v, want a refusal to rewrite an older migration", err)
	}
}

// TestRunJSONKeys: JSON objects with keys the first one lacks are read
// with every key as a column, and the pipeline's source lists them, so
// that a run reads those objects instead of rejecting them.
func TestRunJSONKeys(t *testing.T) {
	o := project(t)
	o.Name, o.From = "items", filepath.Join(o.Dir, "items.json")
	write(t, o.From, `[{"sku": "A", "n": 1}, {"sku": "B", "weight": 2.5, "n": null}, {"sku": "C", "tags": ["x"]}]`)
	res := mustRun(t, o)
	if res.Sample.Records != 3 || res.Sample.Rejected != 0 {
		t.Errorf("sample read %d, rejected %d; want 3 and 0", res.Sample.Records, res.Sample.Rejected)
	}
	var got []string
	for _, c := range res.Sample.Columns {
		got = append(got, c.Name+":"+string(c.Kind))
	}
	if want := []string{"sku:text", "n:integer", "weight:decimal", "tags:text"}; !slices.Equal(got, want) {
		t.Errorf("columns %v, want %v", got, want)
	}
	if body := read(t, o.Pipelines); !strings.Contains(body, "path: items.json\n        columns: [sku, n, weight, tags]") {
		t.Errorf("the source does not list the keys:\n%s", body)
	}
}

// TestRunMissingTokens: typed columns whose sample writes NA, NULL and
// the like get a nullif step clearing them before the casts, one per set
// of texts; a JSON file's typed columns clear "" in the same step; a
// text column keeps them.
func TestRunMissingTokens(t *testing.T) {
	for _, tc := range []struct {
		name, file, body string
		want             []string
	}{
		{"csv", "weather.csv", "Station,Temp,Rain,Wind,Note\nA,12.5,NA,3,NA\nB,NA,0.5,NULL,ok\nC,-1.25,N/A,4,\n",
			[]string{
				"- nullif: {columns: [temp], values: [NA]}",
				"- nullif: {columns: [rain], values: [N/A, NA]}",
				`- nullif: {columns: [wind], values: ["NULL"]}`,
			}},
		{"json", "weather.json", `[{"station": "A", "temp": "NA", "wind": 3, "rain": "NA"}, {"station": "B", "temp": 1.5, "wind": 4, "rain": 2}]`,
			[]string{`- nullif: {columns: [temp, rain], values: ["", NA]}`, "- nullif: {columns: [wind]}"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := project(t)
			o.Name, o.From = "weather", filepath.Join(o.Dir, tc.file)
			write(t, o.From, tc.body)
			mustRun(t, o)
			body := read(t, o.Pipelines)
			_, entry, _ := strings.Cut(body, "  weather:\n")
			for _, s := range tc.want {
				if !strings.Contains(entry, s) {
					t.Errorf("pipeline lacks %q:\n%s", s, entry)
				}
			}
			if n := strings.Count(entry, "- nullif:"); n != len(tc.want) {
				t.Errorf("%d nullif steps, want %d:\n%s", n, len(tc.want), entry)
			}
			if first, cast := strings.LastIndex(entry, "- nullif:"), strings.Index(entry, "- cast:"); cast < first {
				t.Errorf("a cast comes before a nullif step:\n%s", entry)
			}
			if strings.Contains(entry, "[note]") || strings.Contains(entry, "[station]") {
				t.Errorf("a text column got a nullif step:\n%s", entry)
			}
		})
	}
}

// TestRunKeyRepeats: a --key whose value repeats in the sample is
// refused, naming the value and the records; nothing is written.
func TestRunKeyRepeats(t *testing.T) {
	const csv = "Wind Dir,Day,Speed\nN,1,3\nS,1,4\nE,2,5\nN,2,6\n"
	for _, tc := range []struct {
		name, more string // more: records after csv's
		keys       []string
		want       string // "": the key is unique
	}{
		{"single", "", []string{"Wind Dir"}, `key "Wind Dir" repeats in the sample (value "N" at records 1 and 4): choose columns that identify each record, or leave out --key for a surrogate id`},
		{"composite", "", []string{"day", "Speed"}, ""},
		{"composite unique", "", []string{"wind_dir", "Day"}, ""},
		{"composite repeats", "S,1,7\n", []string{"wind_dir", "Day"}, `key "wind_dir", "Day" repeats in the sample (value "S", "1" at records 2 and 5)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := project(t)
			o.Name, o.From, o.Keys = "wind", filepath.Join(o.Dir, "wind.csv"), tc.keys
			write(t, o.From, csv+tc.more)
			_, err := Run(context.Background(), o)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unique key refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("err = %v, want %q", err, tc.want)
			case tc.want != "" && read(t, o.Pipelines) != pipelinesYAML:
				t.Error("the pipeline file changed")
			}
		})
	}
}
