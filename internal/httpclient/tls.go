package httpclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"
)

// newTransport returns a clone of http.DefaultTransport (proxies from the
// environment, keep-alives, HTTP/2) with cfg's connect timeout and TLS.
func newTransport(cfg Config) (*http.Transport, error) {
	tc, err := tlsConfig(cfg.TLS, cfg.Log)
	if err != nil {
		return nil, err
	}
	base, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, errors.New("http.DefaultTransport is not an *http.Transport")
	}
	t := base.Clone()
	t.DialContext = (&net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext
	t.TLSHandshakeTimeout = cfg.ConnectTimeout
	t.TLSClientConfig = tc
	return t, nil
}

// tlsConfig builds the client's TLS configuration: TLS 1.2 at least, the
// CA bundle, the client certificate.
func tlsConfig(s TLS, log *slog.Logger) (*tls.Config, error) {
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.CAFile != "" {
		pool, err := loadCAs(s.CAFile)
		if err != nil {
			return nil, err
		}
		tc.RootCAs = pool
	}
	if s.CertFile != "" || s.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(s.CertFile, s.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls: loading the client certificate %s and key %s: %w; give PEM files of a certificate and its private key", s.CertFile, s.KeyFile, err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	if s.InsecureSkipVerify {
		log.Warn("tls.insecure_skip_verify is on: server certificates are not verified, so anyone in the path can read and change the traffic; set tls.ca_file to the server's CA bundle instead")
		tc.InsecureSkipVerify = true
	}
	return tc, nil
}

// loadCAs reads a PEM bundle of certificate authorities.
func loadCAs(file string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("tls.ca_file: %w; give the path of a readable PEM file of CA certificates", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("tls.ca_file: %s holds no PEM certificate (-----BEGIN CERTIFICATE-----); give a PEM bundle of CA certificates", file)
	}
	return pool, nil
}

// Config returns the TLS configuration s describes, for clients of other
// protocols (a message broker) that take the same settings; log hears the
// insecure_skip_verify warning.
func (s TLS) Config(log *slog.Logger) (*tls.Config, error) { return tlsConfig(s, log) }
