package hook_test

import (
	"context"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/hook"
)

// The body is the run's event by default, or the templated mapping.
func TestWebhookRequests(t *testing.T) {
	failed := event
	failed.Status, failed.Error = etl.RunFailed, "reading in.csv: line 3: bad quote"
	tests := []struct {
		name, settings string
		event          etl.RunEvent
		want           request
	}{
		{
			name: "default body", settings: "{}", event: event,
			want: request{Method: "POST", Path: "/hook", ContentType: "application/json",
				Body: `{"run_id":42,"pipeline":"sales","status":"succeeded","rows_read":10,"rows_loaded":8,"rows_rejected":1,"rows_dropped":1,` +
					`"started_at":"2024-05-01T10:00:00Z","finished_at":"2024-05-01T10:00:03.25Z"}`},
		},
		{
			name: "default body of a failed run", settings: "{auth: {bearer: tok-1}}", event: failed,
			want: request{Method: "POST", Path: "/hook", Auth: "Bearer tok-1", ContentType: "application/json",
				Body: `{"run_id":42,"pipeline":"sales","status":"failed","rows_read":10,"rows_loaded":8,"rows_rejected":1,"rows_dropped":1,` +
					`"started_at":"2024-05-01T10:00:00Z","finished_at":"2024-05-01T10:00:03.25Z","error":"reading in.csv: line 3: bad quote"}`},
		},
		{
			name:     "templated body for Slack",
			settings: `{method: put, headers: {X-Team: data}, body: {text: "{{.Pipeline}} {{.Status}}: {{.Loaded}} rows", n: 3, ok: true, tags: ["run {{.RunID}}", 1.5]}}`,
			event:    event,
			want: request{Method: "PUT", Path: "/hook", ContentType: "application/json", Extra: "data",
				Body: `{"n":3,"ok":true,"tags":["run 42",1.5],"text":"sales succeeded: 8 rows"}`},
		},
		{
			name: "api key", settings: `{auth: {api_key: {name: X-Api-Key, value: k-9}}, headers: {content-type: "application/json; charset=utf-8"}}`, event: event,
			want: request{Method: "POST", Path: "/hook", ContentType: "application/json; charset=utf-8", Extra: "k-9", Body: `{"run_id":42,"pipeline":"sales","status":"succeeded","rows_read":10,"rows_loaded":8,"rows_rejected":1,"rows_dropped":1,` +
				`"started_at":"2024-05-01T10:00:00Z","finished_at":"2024-05-01T10:00:03.25Z"}`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, http.StatusNoContent)
			var s hook.WebhookSettings
			settings(t, tt.settings, &s)
			s.URL = srv.URL + "/hook"
			w, err := hook.NewWebhook(s, hook.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if err := w.Fire(context.Background(), tt.event); err != nil {
				t.Fatal(err)
			}
			if got := srv.only(t); got != tt.want {
				t.Errorf("request\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// A failed webhook's error and its name never show a secret: the token
// of its auth, nor a ${NAME} value in its URL.
func TestWebhookRedacts(t *testing.T) {
	const token, key = "tok-very-secret", "url-key-123"
	srv := newServer(t, http.StatusBadGateway)
	srv.reply = "upstream refused token " + token + " and key " + key
	var s hook.WebhookSettings
	settings(t, fmt.Sprintf("{url: %q, auth: {bearer: %s}, retry: {attempts: 1}}", srv.URL+"/h/"+key+"?k="+key, token), &s)
	w, err := hook.NewWebhook(s, hook.Options{Secrets: []string{key}})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Fire(context.Background(), event)
	if err == nil || !strings.Contains(err.Error(), "502 Bad Gateway") {
		t.Fatalf("Fire = %v, want a 502 error", err)
	}
	for _, text := range []string{err.Error(), w.Name()} {
		if strings.Contains(text, token) || strings.Contains(text, key) {
			t.Errorf("%q shows a secret", text)
		}
	}
	if want := "webhook " + srv.URL + "/h/***"; w.Name() != want {
		t.Errorf("Name = %q, want %q", w.Name(), want)
	}
}

// A server with a certificate of its own CA is reached with tls.ca_file.
func TestWebhookTLS(t *testing.T) {
	srv := &server{status: http.StatusOK}
	srv.Server = httptest.NewUnstartedServer(srv)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pemCert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(ca, pemCert, 0o600); err != nil {
		t.Fatal(err)
	}
	fire := func(extra string) error {
		var s hook.WebhookSettings
		settings(t, fmt.Sprintf("{url: %q, retry: {attempts: 1}%s}", srv.URL, extra), &s)
		w, err := hook.NewWebhook(s, hook.Options{})
		if err != nil {
			return err
		}
		return w.Fire(context.Background(), event)
	}
	if err := fire(""); err == nil {
		t.Fatal("a server signed by an unknown CA was trusted")
	}
	if err := fire(fmt.Sprintf(", tls: {ca_file: %q}", ca)); err != nil {
		t.Fatal(err)
	}
	if got := srv.only(t); got.Method != http.MethodPost {
		t.Fatalf("request %+v", got)
	}
}

// Settings errors say what is wrong; a template's names its line.
func TestWebhookSettingsErrors(t *testing.T) {
	tests := []struct{ settings, want string }{
		{"{method: POST}", "url is missing"},
		{"{url: /relative}", `url "/relative" is not an http:// or https:// URL`},
		{"{url: http://x, method: GET}", `method "GET": use POST, PUT or PATCH`},
		{"{url: http://x, body: text}", "line 1: body is a mapping"},
		{"url: http://x\nbody:\n  text: \"{{.Pipeline\"", "line 3: body.text is not a valid template"},
		{"url: http://x\nbody:\n  a: [\"{{.Rows}}\"]", "line 3: body.a[0] is not a valid template"},
		{"{url: http://x, timeout: soon}", `timeout: "soon" is not a duration`},
	}
	for _, tt := range tests {
		var s hook.WebhookSettings
		settings(t, tt.settings, &s)
		if _, err := hook.NewWebhook(s, hook.Options{}); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("NewWebhook(%s) = %v; want %q", tt.settings, err, tt.want)
		}
	}
}

// A webhook names the delivery in an Idempotency-Key header and sends the
// event again after a 5xx: delivered at least once, and a receiver can
// drop the repeat.
func TestWebhookIdempotencyKey(t *testing.T) {
	var keys []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		keys = append(keys, r.Header.Get("Idempotency-Key"))
		if len(keys) == 1 {
			w.WriteHeader(http.StatusBadGateway)
		}
	}))
	t.Cleanup(srv.Close)
	var s hook.WebhookSettings
	settings(t, fmt.Sprintf("{url: %q, retry: {attempts: 2, initial: 1ms, max: 2ms}}", srv.URL), &s)
	w, err := hook.NewWebhook(s, hook.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Fire(context.Background(), event); err != nil || len(keys) != 2 || keys[0] != keys[1] || !strings.HasPrefix(keys[0], hook.DagRunID(event)+"__") {
		t.Fatalf("Fire = %v, keys %q; want two requests with one key naming the run", err, keys)
	}
	// Another webhook of the same run, and the same run id in another
	// warehouse (another start), are other deliveries.
	settings(t, fmt.Sprintf("{url: %q, retry: {attempts: 1}}", srv.URL+"/other"), &s)
	other, err := hook.NewWebhook(s, hook.Options{})
	if err != nil {
		t.Fatal(err)
	}
	later := event
	later.StartedAt = later.StartedAt.Add(time.Hour)
	for _, fire := range []func() error{
		func() error { return other.Fire(context.Background(), event) },
		func() error { return w.Fire(context.Background(), later) },
	} {
		if err := fire(); err != nil {
			t.Fatal(err)
		}
	}
	if len(keys) != 4 || keys[2] == keys[0] || keys[3] == keys[0] || keys[2] == keys[3] {
		t.Fatalf("keys %q; want a key per delivery", keys)
	}
}
