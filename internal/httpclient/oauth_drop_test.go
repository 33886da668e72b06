package httpclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrent401sFetchOneNewToken: two requests are refused with the
// same old token; the second refusal arrives after the first request got
// a new token, which must not be dropped in turn.
func TestConcurrent401sFetchOneNewToken(t *testing.T) {
	a := newAuthServer(t)
	var (
		old          atomic.Value // the token the API refuses, once set
		arrived      sync.WaitGroup
		refusals     atomic.Int32
		freshOK      = make(chan struct{})
		freshOnce    sync.Once
		waitForFresh = func(r *http.Request) {
			select {
			case <-freshOK:
			case <-r.Context().Done():
			case <-time.After(10 * time.Second): // a broken client does not hang the test
			}
		}
	)
	arrived.Add(2)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ti, err := a.oauth.ValidationBearerToken(r)
		if err != nil {
			http.Error(w, "invalid token", http.StatusUnauthorized)
			return
		}
		if o, _ := old.Load().(string); ti.GetAccess() == o {
			arrived.Done()
			arrived.Wait() // both requests hold the old token
			if refusals.Add(1) == 2 {
				waitForFresh(r) // the other request has a new token by now
			}
			http.Error(w, "token revoked", http.StatusUnauthorized)
			return
		}
		if old.Load() != nil {
			freshOnce.Do(func() { close(freshOK) })
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer api.Close()
	c := a.client(t, OAuth2{ClientSecret: clientSecret})
	tok, err := c.tokens.get(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	old.Store(tok.AccessToken)
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for range 2 {
		wg.Go(func() {
			_, err := get(t, c, api.URL)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if tokens, _ := a.counts(); tokens != 2 {
		t.Fatalf("%d token requests; want 2: the first token and one new one for both refused requests", tokens)
	}
}

func TestTokenWaiterRespectsItsContext(t *testing.T) {
	release := make(chan struct{})
	var once sync.Once
	free := func() { once.Do(func() { close(release) }) }
	defer free()
	entered := make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" {
			entered <- struct{}{}
			select { // a token endpoint that takes its time
			case <-release:
			case <-r.Context().Done():
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"t0ken-value","token_type":"Bearer","expires_in":3600}`))
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	c := mustNew(t, Config{Auth: Auth{OAuth2: &OAuth2{TokenURL: srv.URL + "/token", ClientID: "loader", ClientSecret: "s3cret"}}})
	first := make(chan error, 1)
	go func() {
		_, err := get(t, c, srv.URL+"/api")
		first <- err
	}()
	<-entered // the first request is fetching the token
	ctx, cancel := context.WithCancel(t.Context())
	second := make(chan error, 1)
	go func() {
		_, err := c.Do(ctx, Request{URL: srv.URL + "/api"})
		second <- err
	}()
	cancel()
	var err error
	select {
	case err = <-second:
	case <-time.After(10 * time.Second):
		free()
		err = <-second
		t.Errorf("the second request waited for the first one's token fetch after its context ended")
	}
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "GET "+srv.URL+"/api: ") {
		t.Errorf("error %v; want context.Canceled naming the request", err)
	}
	free()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
}
