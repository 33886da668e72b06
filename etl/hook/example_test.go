package hook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/hook"
)

// A webhook with a templated body, as a Slack incoming webhook takes it.
func ExampleNewWebhook() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println(r.Method, r.Header.Get("Content-Type"), string(body))
	}))
	defer srv.Close()
	var body hook.WebhookSettings
	body.URL = srv.URL
	if err := body.Body.Encode(map[string]string{"text": "{{.Pipeline}} {{.Status}}: {{.Loaded}} rows"}); err != nil {
		fmt.Println(err)
		return
	}
	w, err := hook.NewWebhook(body, hook.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	e := etl.RunEvent{RunID: 7, Pipeline: "sales", Status: etl.RunSucceeded, Loaded: 1200, FinishedAt: time.Now()}
	if err := w.Fire(context.Background(), e); err != nil {
		fmt.Println(err)
	}
	// Output: POST application/json {"text":"sales succeeded: 1200 rows"}
}

// The DAG run id of a loader run: triggering it twice is harmless.
func ExampleDagRunID() {
	fmt.Println(hook.DagRunID(etl.RunEvent{RunID: 42, Pipeline: "sales_daily"}))
	// Output: loader__sales_daily__run_42
}
