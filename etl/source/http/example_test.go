package httpsource_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/warehouse-loader/loader/etl"
	httpsource "github.com/warehouse-loader/loader/etl/source/http"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// An API that pages with a cursor in its body, read to its end.
func ExampleNew() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("cursor") == "" {
			fmt.Fprint(w, `{"orders":[{"id":1,"total":"9.50"},{"id":2,"total":"3.20"}],"next":"b2"}`)
			return
		}
		fmt.Fprint(w, `{"orders":[{"id":3,"total":"7.00","note":{"gift":true}}],"next":null}`)
	}))
	defer api.Close()

	client, err := httpclient.New(httpclient.Config{Auth: httpclient.Auth{Bearer: "token"}})
	if err != nil {
		panic(err)
	}
	src, err := httpsource.New(httpsource.Config{
		URL:      api.URL + "/orders",
		Records:  "orders",
		Columns:  []string{"id", "total", "note"},
		Paginate: httpsource.Paginate{Cursor: &httpsource.CursorPages{Path: "next", Param: "cursor"}},
	}, client, nil)
	if err != nil {
		panic(err)
	}
	defer func() { _ = src.Close() }()
	ctx := context.Background()
	cols, err := src.Open(ctx, etl.Checkpoint{})
	if err != nil {
		panic(err)
	}
	fmt.Println(cols.Names())
	var rec etl.Record
	for src.Next(ctx, &rec) == nil {
		fmt.Println(rec.Position(), rec.Raw)
	}
	fmt.Println(src.Checkpoint().Records, "records")
	// Output:
	// [id total note]
	// record 1 [1 9.50 <nil>]
	// record 2 [2 3.20 <nil>]
	// record 3 [3 7.00 {"gift":true}]
	// 3 records
}
