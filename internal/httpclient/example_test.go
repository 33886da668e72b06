package httpclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/warehouse-loader/loader/internal/httpclient"
)

func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer s3cret-token" {
			http.Error(w, "who are you?", http.StatusUnauthorized)
			return
		}
		if r.URL.Path != "/items" {
			http.Error(w, "no such page", http.StatusNotFound)
			return
		}
		_, _ = w.Write([]byte(`{"data":[{"id":1}]}`))
	}))
	defer api.Close()

	c, err := httpclient.New(httpclient.Config{
		Auth:    httpclient.Auth{Bearer: "s3cret-token"},
		Timeout: 10 * time.Second,
		Retry:   httpclient.Retry{Attempts: 3},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	resp, err := c.Do(ctx, httpclient.Request{URL: api.URL + "/items?page=1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.Status, string(resp.Body))

	// A status that is not 2xx is a *StatusError; secrets are redacted.
	_, err = c.Do(ctx, httpclient.Request{URL: api.URL + "/missing?token=s3cret-token"})
	var se *httpclient.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.Body, strings.TrimPrefix(se.URL, api.URL))
	}
	// Output:
	// 200 {"data":[{"id":1}]}
	// 404 no such page /missing?token=***
}
