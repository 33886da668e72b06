package spec_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/spec"
	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
)

// buildHooks builds pipeline p of body (base plus hooks) and returns it
// or the error, one line.
func buildHooks(t *testing.T, body string, env map[string]string) (*etl.Pipeline, error) {
	t.Helper()
	url := dbtest.SQLite(t)
	dbtest.Migrate(t, url)
	store := openStore(t, url)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "in.csv"), []byte("order_id\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "pipelines.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := spec.Load(path, func(k string) string { return env[k] })
	if err != nil {
		return nil, err
	}
	p, closeFn, err := f.Build(context.Background(), "p", spec.Options{Targets: repository.NewTargets(store, models.All()...), Databases: repository.OpenDatabases(store)})
	if err == nil {
		t.Cleanup(closeFn)
	}
	return p, err
}

func TestHooksBuild(t *testing.T) {
	p, err := buildHooks(t, base+`    on_success:
      - webhook: {url: "https://hooks.example.com/x?token=${TOKEN}", body: {text: "{{.Pipeline}} {{.Status}}"}}
      - airflow: {url: "http://airflow:8080", dag_id: sales_daily, api: v1, auth: {basic: {user: admin, password: "${TOKEN}"}}}
    on_failure:
      - webhook: {url: "https://alerts.example.com/${TOKEN}"}
`, map[string]string{"TOKEN": "s3cret-t0ken"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, h := range append(p.OnSuccess, p.OnFailure...) {
		names = append(names, h.Name())
	}
	want := "webhook https://hooks.example.com/x|airflow dag sales_daily|webhook https://alerts.example.com/***"
	if got := strings.Join(names, "|"); got != want || len(p.OnSuccess) != 2 {
		t.Fatalf("hooks %q, want %q", got, want)
	}
}

func TestHooksErrorsNameTheLine(t *testing.T) {
	env := map[string]string{"TOKEN": "s3cret-t0ken"}
	tests := []struct{ name, hooks, want string }{
		{"unknown kind", "    on_success:\n      - slack: {url: x}\n", `line 8: unknown hook "slack"; hooks: airflow, rabbitmq, webhook`},
		{"not a one-key mapping", "    on_failure:\n      - webhook\n", "line 8: a hook is a one-key mapping like `- webhook: {url: \"https://…\"}`; hooks: airflow, rabbitmq, webhook"},
		{"missing url", "    on_success:\n      - webhook: {method: POST}\n", "line 8: webhook hook: url is missing"},
		{"no settings", "    on_success:\n      - airflow:\n", "line 8: airflow hook: url is missing"},
		{"missing dag_id", "    on_success:\n      - airflow: {url: \"http://airflow:8080\"}\n", "line 8: airflow hook: dag_id is missing"},
		{"bad api", "    on_success:\n      - airflow: {url: \"http://a\", dag_id: d, api: v9}\n", `line 8: airflow hook: api "v9": use v2 (Airflow 3) or v1 (Airflow 2)`},
		{"misspelt key", "    on_success:\n      - webhook:\n          url: \"http://a\"\n          header: {}\n", `line 10: unknown key "header" in the webhook hook; valid keys: url, method, headers, body, auth, tls`},
		{"bad template", "    on_success:\n      - webhook:\n          url: \"http://a\"\n          body:\n            text: \"{{.Status\"\n", "line 11: body.text is not a valid template"},
		{"unknown template field", "    on_success:\n      - airflow:\n          url: \"http://a\"\n          dag_id: d\n          conf: {n: \"{{.Rows}}\"}\n", "line 11: conf.n is not a valid template"},
		{"bad URL with a secret", "    on_success:\n      - webhook: {url: \"hooks.example.com/${TOKEN}\"}\n", `line 8: webhook hook: url "hooks.example.com/***" is not an http:// or https:// URL`},
		{"hooks not a list", "    on_success: {webhook: {url: x}}\n", "line 7: cannot unmarshal !!map into []yaml.Node"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := buildHooks(t, base+tt.hooks, env)
			if !errors.Is(err, spec.ErrInvalid) || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %v: want ErrInvalid on one line containing %q", err, tt.want)
			}
			if strings.Contains(err.Error(), env["TOKEN"]) {
				t.Fatalf("error %v shows the secret", err)
			}
		})
	}
}

// The example of docs/pipelines.md builds.
func TestHooksOfTheDocs(t *testing.T) {
	doc, err := os.ReadFile("../../docs/pipelines.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(doc), "## After a run: hooks")
	_, block, _ := strings.Cut(section, "```yaml\n")
	block, _, _ = strings.Cut(block, "```")
	env := map[string]string{"SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T0/B0/x", "AIRFLOW_TOKEN": "tok", "AIRFLOW_PASSWORD": "pw"}
	p, err := buildHooks(t, base+block, env)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.OnSuccess) != 2 || len(p.OnFailure) != 1 {
		t.Fatalf("docs example: %d on_success, %d on_failure hooks", len(p.OnSuccess), len(p.OnFailure))
	}
}
