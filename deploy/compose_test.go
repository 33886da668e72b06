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
	"time"

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
	want := []string{"loader", "migrate", "postgres", "serve"}
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
		{"serve", "migrate", types.ServiceConditionCompletedSuccessfully},
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
		"serve":   "loader serve --addr 0.0.0.0:8080",
	} {
		s := service(t, p, name)
		if s.Build == nil || s.Image != service(t, p, "loader").Image {
			t.Errorf("%s: no build section; want the loader's image built from the Dockerfile", name)
		}
		if got := strings.Join(s.Command, " "); !strings.Contains(got, wantCmd) {
			t.Errorf("%s command = %q, want it to run %q", name, got, wantCmd)
		}
		if u := s.Environment["LOADER_DATABASE_URL"]; u == nil || *u != wantURL {
			t.Errorf("%s LOADER_DATABASE_URL = %v, want %s", name, u, wantURL)
		}
	}
}

// TestServeService checks what keeps loader serve reachable only from the
// host, known healthy by Docker, and stopped without cutting a batch.
func TestServeService(t *testing.T) {
	p := project(t)
	s := service(t, p, "serve")
	if token := s.Environment["LOADER_AUTH_TOKEN"]; token == nil || *token != exampleEnv(t)["LOADER_AUTH_TOKEN"] {
		t.Errorf("serve LOADER_AUTH_TOKEN = %v, want the value from .env", token)
	}
	if len(s.Ports) != 1 || s.Ports[0].HostIP != "127.0.0.1" || s.Ports[0].Target != 8080 {
		t.Errorf("serve ports = %+v, want 8080 published on 127.0.0.1 only", s.Ports)
	}
	hc := s.HealthCheck
	if hc == nil || hc.Disable || !slices.Equal(hc.Test, []string{"CMD", "loader", "healthcheck"}) {
		t.Fatalf("serve healthcheck = %+v, want test [CMD loader healthcheck]", hc)
	}
	if hc.Interval == nil || hc.Timeout == nil || hc.Retries == nil || hc.StartPeriod == nil {
		t.Errorf("serve healthcheck = %+v, want interval, timeout, retries and start_period", hc)
	}
	if hc.Timeout != nil && time.Duration(*hc.Timeout) <= 3*time.Second {
		t.Errorf("serve healthcheck timeout %v: want more than loader healthcheck's own 3s", *hc.Timeout)
	}
	if s.Restart != types.RestartPolicyUnlessStopped {
		t.Errorf("serve restart = %q, want %s", s.Restart, types.RestartPolicyUnlessStopped)
	}
	// The loader stops within its 15 s grace after SIGTERM; Docker's
	// default 10 s would kill it while it records a cancelled run.
	if g := s.StopGracePeriod; g == nil || time.Duration(*g) < 20*time.Second {
		t.Errorf("serve stop_grace_period = %v, want at least 20s", g)
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
		if isSecret(k) && v != "" && strings.Contains(text, v) {
			t.Errorf("docker-compose.yml contains the value of %s from .env.example", k)
		}
	}
	for i, line := range strings.Split(text, "\n") {
		key, value, ok := strings.Cut(strings.TrimSpace(line), ":")
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		if ok && isSecret(strings.ToUpper(key)) && !strings.HasPrefix(value, "${") {
			t.Errorf("docker-compose.yml:%d: %s is not taken from the environment", i+1, key)
		}
		for _, m := range userinfo.FindAllStringSubmatch(line, -1) {
			if !strings.HasPrefix(m[1], "${") {
				t.Errorf("docker-compose.yml:%d: a URL holds a literal password", i+1)
			}
		}
	}
}

// isSecret reports whether the variable named key holds a secret.
func isSecret(key string) bool {
	return strings.Contains(key, "PASSWORD") || strings.Contains(key, "TOKEN")
}

func TestMissingSecretFails(t *testing.T) {
	// compose-go warns through logrus about each unset variable before it
	// reports the required one; the error is what this test looks at.
	out := logrus.StandardLogger().Out
	logrus.SetOutput(io.Discard)
	t.Cleanup(func() { logrus.SetOutput(out) })
	for _, name := range []string{"POSTGRES_PASSWORD", "LOADER_AUTH_TOKEN"} {
		env := exampleEnv(t)
		delete(env, name)
		if _, err := load(t, composeFile, env); err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("load without %s: err = %v, want an error naming it", name, err)
		}
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
