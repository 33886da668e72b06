package deploy

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/sirupsen/logrus"
)

const (
	composeFile = "../docker-compose.yml"
	envExample  = "../.env.example"
)

// exampleEnv returns the variables .env.example sets.
func exampleEnv(t *testing.T) map[string]string {
	t.Helper()
	env, err := dotenv.Read(envExample)
	if err != nil {
		t.Fatalf("reading %s: %v", envExample, err)
	}
	return env
}

// load loads and validates the compose file at path the way
// `docker compose` does, with env as the only environment: neither the
// process's environment nor a developer's .env takes part.
func load(t *testing.T, path string, env map[string]string) (*types.Project, error) {
	t.Helper()
	abs, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	vars := make([]string, 0, len(env))
	for k, v := range env {
		vars = append(vars, k+"="+v)
	}
	opts, err := cli.NewProjectOptions([]string{abs},
		cli.WithWorkingDirectory(filepath.Dir(abs)),
		cli.WithEnv(vars),
		cli.WithConsistency(true),
	)
	if err != nil {
		t.Fatalf("compose options: %v", err)
	}
	return opts.LoadProject(context.Background())
}

// project loads docker-compose.yml with the values of .env.example.
func project(t *testing.T) *types.Project {
	t.Helper()
	p, err := load(t, composeFile, exampleEnv(t))
	if err != nil {
		t.Fatalf("docker-compose.yml does not load with .env.example: %v", err)
	}
	return p
}

func service(t *testing.T, p *types.Project, name string) types.ServiceConfig {
	t.Helper()
	s, err := p.GetService(name)
	if err != nil {
		t.Fatalf("service %s: %v", name, err)
	}
	return s
}

func TestComposeValidates(t *testing.T) {
	p := project(t)
	want := []string{"loader", "migrate", "postgres"}
	if got := p.ServiceNames(); !slices.Equal(slices.Sorted(slices.Values(got)), want) {
		t.Errorf("services = %v, want %v", got, want)
	}
}

func TestPostgresHasHealthcheckAndNamedVolume(t *testing.T) {
	p := project(t)
	pg := service(t, p, "postgres")
	if !strings.HasPrefix(pg.Image, "postgres:16") {
		t.Errorf("postgres image = %q, want postgres:16", pg.Image)
	}
	hc := pg.HealthCheck
	if hc == nil || hc.Disable || !strings.Contains(strings.Join(hc.Test, " "), "pg_isready") {
		t.Errorf("postgres healthcheck = %+v, want a pg_isready test", hc)
	}
	var named bool
	for _, v := range pg.Volumes {
		if v.Type == types.VolumeTypeVolume && v.Target == "/var/lib/postgresql/data" {
			if _, declared := p.Volumes[v.Source]; declared {
				named = true
			}
		}
	}
	if !named {
		t.Errorf("postgres volumes = %+v, want a named volume, declared under volumes:, on /var/lib/postgresql/data", pg.Volumes)
	}
}

func TestStartOrder(t *testing.T) {
	p := project(t)
	for _, c := range []struct{ service, on, condition string }{
		{"migrate", "postgres", types.ServiceConditionHealthy},
		{"loader", "migrate", types.ServiceConditionCompletedSuccessfully},
	} {
		dep, ok := service(t, p, c.service).DependsOn[c.on]
		if !ok || dep.Condition != c.condition {
			t.Errorf("%s depends_on %s = %+v (present %v), want condition %s", c.service, c.on, dep, ok, c.condition)
		}
	}
}

func TestLoaderServices(t *testing.T) {
	p := project(t)
	env := exampleEnv(t)
	wantURL := "postgres://" + env["POSTGRES_USER"] + ":" + env["POSTGRES_PASSWORD"] +
		"@postgres:5432/" + env["POSTGRES_DB"] + "?sslmode=disable"
	for name, wantCmd := range map[string]string{
		"migrate": "loader migrate up",
		"loader":  "loader run sales_ingest && loader run sales_transform && loader report sales",
	} {
		s := service(t, p, name)
		if s.Build == nil {
			t.Errorf("%s: no build section; want the image built from the Dockerfile", name)
		}
		if got := strings.Join(s.Command, " "); !strings.Contains(got, wantCmd) {
			t.Errorf("%s command = %q, want it to run %q", name, got, wantCmd)
		}
		if u := s.Environment["LOADER_DATABASE_URL"]; u == nil || *u != wantURL {
			t.Errorf("%s LOADER_DATABASE_URL = %v, want %s", name, u, wantURL)
		}
	}
}

// userinfo matches the password part of a URL's user:password@.
var userinfo = regexp.MustCompile(`://[^/\s:@]*:([^@\s]*)@`)

func TestNoLiteralPasswords(t *testing.T) {
	raw, err := os.ReadFile(composeFile)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for k, v := range exampleEnv(t) {
		if strings.Contains(k, "PASSWORD") && v != "" && strings.Contains(text, v) {
			t.Errorf("docker-compose.yml contains the value of %s from .env.example", k)
		}
	}
	for i, line := range strings.Split(text, "\n") {
		key, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		if ok && strings.Contains(strings.ToUpper(key), "PASSWORD") && !strings.HasPrefix(value, "${") {
			t.Errorf("docker-compose.yml:%d: %s is not taken from the environment", i+1, key)
		}
		for _, m := range userinfo.FindAllStringSubmatch(line, -1) {
			if !strings.HasPrefix(m[1], "${") {
				t.Errorf("docker-compose.yml:%d: a URL holds a literal password", i+1)
			}
		}
	}
}

func TestMissingPasswordFails(t *testing.T) {
	// compose-go warns through logrus about each unset variable before it
	// reports the required one; the error is what this test looks at.
	out := logrus.StandardLogger().Out
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(out) })
	env := exampleEnv(t)
	delete(env, "POSTGRES_PASSWORD")
	if _, err := load(t, composeFile, env); err == nil || !strings.Contains(err.Error(), "POSTGRES_PASSWORD") {
		t.Errorf("load without POSTGRES_PASSWORD: err = %v, want an error naming it", err)
	}
}

func TestBrokenComposeFails(t *testing.T) {
	for name, body := range map[string]string{
		"unknown key": "services:\n  db:\n    image: postgres:16\n    healthcheck_typo: {}\n",
		"bad condition": "services:\n  db:\n    image: postgres:16\n  app:\n    image: app\n" +
			"    depends_on:\n      db:\n        condition: when_ready\n",
		"missing dependency": "services:\n  app:\n    image: app\n    depends_on:\n      db:\n        condition: service_healthy\n",
		"undeclared volume":  "services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/var/lib/postgresql/data\n",
		"not yaml":           "services: [\n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "docker-compose.yml")
			if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := load(t, path, nil); err == nil {
				t.Errorf("a compose file with %s loaded without error", name)
			}
		})
	}
}
