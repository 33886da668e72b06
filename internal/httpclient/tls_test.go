package httpclient

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func hello(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("hello")) }

func TestTLS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(hello))
	defer srv.Close()
	ca := caFile(t, srv)
	tests := []struct {
		name    string
		tls     TLS
		wantErr string // empty: the request succeeds
	}{
		{"ca_file trusted", TLS{CAFile: ca}, ""},
		{"no ca_file", TLS{}, "the server's certificate is not signed by a trusted authority; set tls.ca_file to its CA bundle"},
		{"insecure_skip_verify", TLS{InsecureSkipVerify: true}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustNew(t, Config{TLS: tt.tls, Retry: Retry{Attempts: 1}})
			resp, err := get(t, c, srv.URL)
			if tt.wantErr == "" {
				if err != nil || string(resp.Body) != "hello" {
					t.Fatalf("got %v, %v; want hello", resp, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "GET "+srv.URL) {
				t.Fatalf("error %v; want GET %s: …%s", err, srv.URL, tt.wantErr)
			}
		})
	}
}

func TestTLSFilesRefused(t *testing.T) {
	garbage := writeFile(t, "garbage.pem", []byte("not a certificate"))
	missing := t.TempDir() + "/missing.pem"
	tests := []struct {
		name string
		tls  TLS
		want []string
	}{
		{"missing ca_file", TLS{CAFile: missing}, []string{"tls.ca_file", missing, "readable PEM file"}},
		{"garbage ca_file", TLS{CAFile: garbage}, []string{"tls.ca_file", garbage, "holds no PEM certificate"}},
		{"garbage client certificate", TLS{CertFile: garbage, KeyFile: garbage}, []string{"client certificate", garbage}},
		{"key without certificate", TLS{KeyFile: garbage}, []string{"cert_file and key_file go together"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Config{TLS: tt.tls})
			if err == nil {
				t.Fatal("New succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

func TestMutualTLS(t *testing.T) {
	clientCA := newTestCA(t)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(hello))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCA.pool, MinVersion: tls.VersionTLS12}
	srv.StartTLS()
	defer srv.Close()
	ca := caFile(t, srv)
	certFile, keyFile := clientCA.clientCert(t)

	c := mustNew(t, Config{TLS: TLS{CAFile: ca, CertFile: certFile, KeyFile: keyFile}})
	if resp, err := get(t, c, srv.URL); err != nil || string(resp.Body) != "hello" {
		t.Fatalf("with a client certificate: %v, %v", resp, err)
	}

	c = mustNew(t, Config{TLS: TLS{CAFile: ca}, Retry: Retry{Attempts: 1}})
	_, err := get(t, c, srv.URL)
	if err == nil || !strings.Contains(err.Error(), "tls.cert_file and tls.key_file") {
		t.Fatalf("without a client certificate: %v; want a hint at tls.cert_file", err)
	}
}

func TestOldTLSRefused(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(hello))
	srv.TLS = &tls.Config{MinVersion: tls.VersionTLS10, MaxVersion: tls.VersionTLS11} // the server the client must refuse
	srv.StartTLS()
	defer srv.Close()
	c := mustNew(t, Config{TLS: TLS{CAFile: caFile(t, srv)}})
	_, err := get(t, c, srv.URL)
	if err == nil || !strings.Contains(err.Error(), "protocol version") || !strings.Contains(err.Error(), "1.2") {
		t.Fatalf("a TLS 1.1 server: %v; want a refusal naming the protocol version", err)
	}
	if strings.Contains(err.Error(), "giving up") {
		t.Errorf("a TLS refusal was retried: %v", err)
	}
}

func TestInsecureSkipVerifyWarns(t *testing.T) {
	log, buf := captureLog()
	for range 2 {
		mustNew(t, Config{TLS: TLS{InsecureSkipVerify: true}, Log: log})
	}
	out := buf.String()
	if n := strings.Count(out, "level=WARN"); n != 2 {
		t.Fatalf("%d warnings for 2 clients; log:\n%s", n, out)
	}
	for _, w := range []string{"not verified", "tls.ca_file"} {
		if !strings.Contains(out, w) {
			t.Errorf("the warning does not say %q: %s", w, out)
		}
	}
}
