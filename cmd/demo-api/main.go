// Command demo-api serves a small, deterministic orders API for the
// loader's HTTP source demo (`make demo-api`), offline:
//
//	demo-api [--addr 127.0.0.1:8765] [--records 1000] [--page-size 100] [--grow 0] [--token T]
//
// GET /v1/orders answers pages of orders, oldest change first, with a
// bearer token (--token, else $DEMO_API_TOKEN, else demo-token), cursor
// pagination (next_cursor in the body, a limit parameter), an inclusive
// updated_since filter, nested customer objects and, in 2 of every 250
// orders, a bad value (an amount "n/a", a placed_at that is not a time).
// --grow N adds N changes (new orders, new statuses of earlier ones) each
// time a client has read to the end. GET /healthz answers ok. It prints
// the address it listens on and stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/warehouse-loader/loader/internal/demoapi"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "demo-api:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	addr string
	api  demoapi.Config
}

func parse(args []string, stderr io.Writer, getenv func(string) string) (options, error) {
	o := options{api: demoapi.Config{Flaws: true, Seed: 1}}
	fs := flag.NewFlagSet("demo-api", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8765", "address to listen on")
	fs.IntVar(&o.api.Records, "records", 1000, "orders at the start")
	fs.IntVar(&o.api.PageSize, "page-size", 100, "orders per page when a request sets no limit")
	fs.IntVar(&o.api.Grow, "grow", 0, "changes added each time a client has read to the end")
	fs.Uint64Var(&o.api.Seed, "seed", 1, "seed of the data")
	fs.BoolVar(&o.api.Flaws, "flaws", true, "put a bad value in 2 of every 250 orders")
	fs.StringVar(&o.api.Token, "token", "", "bearer token to require (default $DEMO_API_TOKEN, else demo-token)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q; see demo-api -h", fs.Args())
	}
	if o.api.Token == "" {
		o.api.Token = getenv("DEMO_API_TOKEN")
	}
	if o.api.Token == "" {
		o.api.Token = "demo-token"
	}
	return o, nil
}

// run serves the API until ctx ends, then shuts down within 5 seconds.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	o, err := parse(args, stderr, getenv)
	if err != nil {
		return err
	}
	api, err := demoapi.New(o.api)
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w (is another demo-api running? pass --addr)", o.addr, err)
	}
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "demo-api: %d orders at http://%s/v1/orders (pages of %d, bearer token required)\n",
		o.api.Records, ln.Addr(), o.api.PageSize)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	fmt.Fprintln(stdout, "demo-api: stopped")
	return nil
}
