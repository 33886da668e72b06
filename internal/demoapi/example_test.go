package demoapi_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/warehouse-loader/loader/internal/demoapi"
)

// An API of three orders in pages of two: the first page and its cursor.
func Example() {
	api, err := demoapi.New(demoapi.Config{Token: "demo-token", Records: 3, PageSize: 2})
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL+"/v1/orders?limit=1", nil)
	req.Header.Set("Authorization", "Bearer demo-token")
	resp, err := srv.Client().Do(req)
	if err != nil {
		panic(err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	fmt.Print(string(body))
	// Output:
	// {"data":[{"order_id":"ORD-0000001","status":"paid","placed_at":"2023-12-30T10:15:15Z","updated_at":"2024-01-01T08:00:00Z","amount":203.05,"currency":"EUR","customer":{"id":"CUS-04497","name":"Ada Turing","country":"GB"},"items":4}],"next_cursor":"cG9zOjE","has_more":true}
}
