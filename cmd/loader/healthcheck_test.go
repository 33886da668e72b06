package main

import (
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dbtest"
)

// noWarehouse is a warehouse nothing listens on: a command that opened
// it would fail.
var noWarehouse = map[string]string{"LOADER_DATABASE_URL": "postgres://loader:s3cret@127.0.0.1:1/none?sslmode=disable"}

func TestHealthcheck(t *testing.T) {
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "warehouse: schema at 3, latest 5: run loader migrate up", http.StatusServiceUnavailable)
	})
	mux.HandleFunc("/slow", func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-block:
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	for _, tt := range []struct {
		name string
		args []string
		code int
		want string // in stdout when code is 0, else in the error line
	}{
		{"200", []string{"--url", srv.URL + "/healthz"}, exitOK, srv.URL + "/healthz: 200 OK"},
		{"503 with its reason", []string{"--url", srv.URL + "/readyz"}, exitError,
			"GET " + srv.URL + "/readyz: 503 Service Unavailable: warehouse: schema at 3, latest 5: run loader migrate up"},
		{"404", []string{"--url", srv.URL + "/nothing"}, exitError, "404 Not Found"},
		{"connection refused", []string{"--url", "http://" + closedAddr(t) + "/healthz"}, exitError, "connection refused: is loader serve up and listening there?"},
		{"timeout", []string{"--url", srv.URL + "/slow", "--timeout", "100ms"}, exitError, "/slow: no answer within 100ms"},
		{"password in the URL", []string{"--url", "http://u:hunter2@" + closedAddr(t) + "/healthz"}, exitError, "http://u:xxxxx@"},
		{"not a URL", []string{"--url", "127.0.0.1:8080"}, exitUsage, `--url "127.0.0.1:8080": give an http:// or https:// URL`},
		{"zero timeout", []string{"--url", srv.URL + "/healthz", "--timeout", "0s"}, exitUsage, "--timeout 0s: give a positive duration"},
		{"bad timeout", []string{"--timeout", "soon"}, exitUsage, `invalid argument "soon"`},
		{"an argument", []string{"http://127.0.0.1:8080/healthz"}, exitUsage, "takes 0 argument(s), got 1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := loader(t, noWarehouse, append([]string{"healthcheck"}, tt.args...)...)
			if r.code != tt.code {
				t.Fatalf("exit %d, want %d; stdout %q, stderr %q", r.code, tt.code, r.stdout, r.stderr)
			}
			got := r.stdout
			if tt.code != exitOK {
				got = errLine(t, r)
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("output %q, want it to contain %q", got, tt.want)
			}
			if strings.Contains(r.stdout+r.stderr, "hunter2") || strings.Contains(r.stdout+r.stderr, "s3cret") {
				t.Errorf("a password is in the output: %q %q", r.stdout, r.stderr)
			}
		})
	}
}

// closedAddr returns a loopback address nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

// loader healthcheck is what the compose file's serve service runs: it
// passes /healthz without the token, and /readyz, which asks for it, while
// the schema is current.
func TestHealthcheckAgainstServe(t *testing.T) {
	env := demoEnv(t, dbtest.New(t, "sqlite"))
	env["LOADER_AUTH_TOKEN"] = "t0ken-for-the-test"
	base, _ := serving(t, env)
	noToken := maps.Clone(env)
	delete(noToken, "LOADER_AUTH_TOKEN")
	for _, tt := range []struct {
		path string
		env  map[string]string
		code int
		want string
	}{
		{"/healthz", noToken, exitOK, "/healthz: 200 OK"},
		{"/readyz", env, exitOK, "/readyz: 200 OK"},
		{"/readyz", noToken, exitError, "401 Unauthorized"},
	} {
		r := loader(t, tt.env, "healthcheck", "--url", base+tt.path)
		got := r.stdout
		if r.code != exitOK {
			got = errLine(t, r)
		}
		if r.code != tt.code || !strings.Contains(got, tt.want) || strings.Contains(r.stdout+r.stderr, "t0ken") {
			t.Errorf("healthcheck %s: exit %d, %q; want exit %d, %q", tt.path, r.code, got, tt.code, tt.want)
		}
	}
	mustLoader(t, env, "migrate", "down")
	r := loader(t, env, "healthcheck", "--url", base+"/readyz")
	if r.code != exitError || !strings.Contains(errLine(t, r), "503 Service Unavailable") {
		t.Errorf("healthcheck /readyz one migration behind: exit %d, %q; want 1 and the 503", r.code, r.stderr)
	}
}
