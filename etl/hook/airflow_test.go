package hook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/warehouse-loader/loader/etl/hook"
)

// The requests of both API versions, exactly: method, path, auth header,
// content type and body.
func TestAirflowRequests(t *testing.T) {
	tests := []struct {
		name, settings, path, auth, body string
	}{
		{
			name:     "v1 basic auth",
			settings: "{dag_id: sales_daily, api: v1, auth: {basic: {user: admin, password: s3cret}}}",
			path:     "/api/v1/dags/sales_daily/dagRuns", auth: "Basic YWRtaW46czNjcmV0",
			body: `{"conf":{"loader":{"run_id":42,"pipeline":"sales","status":"succeeded","rows_read":10,"rows_loaded":8,"rows_rejected":1,"rows_dropped":1,` +
				`"started_at":"2024-05-01T10:00:00Z","finished_at":"2024-05-01T10:00:03.25Z"}},"dag_run_id":"loader__sales__run_42"}`,
		},
		{
			name:     "v2 bearer token",
			settings: "{dag_id: sales_daily, auth: {bearer: tok-123}}",
			path:     "/api/v2/dags/sales_daily/dagRuns", auth: "Bearer tok-123",
			body: `{"conf":{"loader":{"run_id":42,"pipeline":"sales","status":"succeeded","rows_read":10,"rows_loaded":8,"rows_rejected":1,"rows_dropped":1,` +
				`"started_at":"2024-05-01T10:00:00Z","finished_at":"2024-05-01T10:00:03.25Z"}},"dag_run_id":"loader__sales__run_42","logical_date":"2024-05-01T10:00:03.250000Z"}`,
		},
		{
			name:     "v2 templated conf, no event, escaped dag id",
			settings: `{dag_id: "team/sales daily", api: v2, logical_date: started_at, conf: {source: warehouse, rows: "{{.Loaded}}", loader: null}}`,
			path:     "/api/v2/dags/team%2Fsales%20daily/dagRuns",
			body:     `{"conf":{"rows":"8","source":"warehouse"},"dag_run_id":"loader__sales__run_42","logical_date":"2024-05-01T10:00:00.000000Z"}`,
		},
		{
			name:     "v2 no logical date, own loader key",
			settings: `{dag_id: d, logical_date: none, conf: {loader: {run: "{{.RunID}}"}}}`,
			path:     "/api/v2/dags/d/dagRuns",
			body:     `{"conf":{"loader":{"run":"42"}},"dag_run_id":"loader__sales__run_42","logical_date":null}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, http.StatusOK)
			var s hook.AirflowSettings
			settings(t, tt.settings, &s)
			s.URL = srv.URL + "/"
			a, err := hook.NewAirflow(s, hook.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.Fire(context.Background(), event); err != nil {
				t.Fatal(err)
			}
			got := srv.only(t)
			want := request{Method: "POST", Path: tt.path, Auth: tt.auth, ContentType: "application/json", Body: tt.body}
			if got != want {
				t.Errorf("request\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

// A DAG run that exists already (409) is a success, logged; other
// failures are errors that never show the token.
func TestAirflowOutcomes(t *testing.T) {
	const token = "tok-very-secret"
	log, logs := logBuffer()
	conflict := newServer(t, http.StatusConflict)
	conflict.reply = `{"detail":"DAGRun with DAG ID: 'd' and DAGRun ID: 'loader__sales__run_42' already exists"}`
	conflict.getStatus = http.StatusOK
	taken := newServer(t, http.StatusConflict) // another run id has the logical date
	taken.reply = `{"detail":"A DAG Run already exists for DAG d with logical date 2024-05-01"}`
	taken.getStatus = http.StatusNotFound
	failing := newServer(t, http.StatusInternalServerError)
	failing.reply = "internal error, token was " + token
	closed := newServer(t, http.StatusOK)
	closed.Close()
	tests := []struct {
		name, url, want string
	}{
		{"409 conflict", conflict.URL, ""},
		{"409 of another run", taken.URL, "another DAG run has the same logical_date"},
		{"500", failing.URL, "500 Internal Server Error"},
		{"connection refused", closed.URL, "POST " + closed.URL + "/api/v2/dags/d/dagRuns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s hook.AirflowSettings
			settings(t, fmt.Sprintf("{url: %q, dag_id: d, auth: {bearer: %s}, retry: {attempts: 1}}", tt.url, token), &s)
			a, err := hook.NewAirflow(s, hook.Options{Log: log})
			if err != nil {
				t.Fatal(err)
			}
			err = a.Fire(context.Background(), event)
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Fire = %v, want success", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Fatalf("Fire = %v, want an error containing %q", err, tt.want)
			case err != nil && strings.Contains(err.Error(), token):
				t.Fatalf("the error shows the token: %v", err)
			}
		})
	}
	if !strings.Contains(logs.String(), "already triggered") || !strings.Contains(logs.String(), "dag_run_id=loader__sales__run_42") {
		t.Errorf("log %q: want the already-triggered line", logs)
	}
	if strings.Contains(logs.String(), token) {
		t.Errorf("log shows the token: %q", logs)
	}
}

// Settings errors say what is wrong.
func TestAirflowSettingsErrors(t *testing.T) {
	tests := []struct{ settings, want string }{
		{"{dag_id: d}", "url is missing"},
		{"{url: ftp://x, dag_id: d}", `url "ftp://x" is not an http:// or https:// URL`},
		{"{url: http://x}", "dag_id is missing"},
		{"{url: http://x, dag_id: d, api: v3}", `api "v3": use v2 (Airflow 3) or v1 (Airflow 2)`},
		{"{url: http://x, dag_id: d, logical_date: now}", `logical_date "now": use finished_at, started_at or none`},
		{"{url: http://x, dag_id: d, conf: [1]}", "line 1: conf is a mapping"},
		{"{url: http://x, dag_id: d, conf: {a: \"{{.Rows}}\"}}", "line 1: conf.a is not a valid template"},
		{"{url: http://x, dag_id: d, auth: {basic: {password: p}}}", "auth.basic: user is empty"},
	}
	for _, tt := range tests {
		var s hook.AirflowSettings
		settings(t, tt.settings, &s)
		if _, err := hook.NewAirflow(s, hook.Options{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewAirflow(%s) = %v; want %q", tt.settings, err, tt.want)
		}
	}
}

func TestDagRunID(t *testing.T) {
	for pipeline, want := range map[string]string{"sales": "loader__sales__run_42", "sales daily/eu": "loader__sales_daily_eu__run_42"} {
		e := event
		e.Pipeline = pipeline
		if got := hook.DagRunID(e); got != want {
			t.Errorf("DagRunID(%q) = %q, want %q", pipeline, got, want)
		}
	}
}

// The dag_run_id makes the trigger idempotent, so a POST that failed
// with a 500 is sent again, and the second answer counts.
func TestAirflowTriggerIsRetried(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	var s hook.AirflowSettings
	settings(t, fmt.Sprintf("{url: %q, dag_id: d, retry: {attempts: 2, initial: 1ms, max: 2ms}}", srv.URL), &s)
	a, err := hook.NewAirflow(s, hook.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Fire(context.Background(), event); err != nil || calls.Load() != 2 {
		t.Fatalf("Fire = %v after %d requests; want success on the second", err, calls.Load())
	}
}
