package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

// defaultHealthURL is where `loader serve` answers with its default
// address.
const defaultHealthURL = "http://127.0.0.1:8080/healthz"

func (a *app) healthcheckCommand() *cobra.Command {
	var target string
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "healthcheck",
		Short: "Exit 0 if a URL (by default loader serve's /healthz) answers 2xx, else 1",
		Long: `GET the URL and exit 0 when it answers with a 2xx status, 1 otherwise
(no answer within --timeout, a refused connection, any other status), with
the reason on one line. It opens no database: it is the health check of a
container running loader serve, in images that have no curl. With
$LOADER_AUTH_TOKEN set, as for loader serve, it sends it as a bearer token,
so that --url may name /readyz, which asks for it.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.healthcheck(cmd.Context(), target, timeout)
		},
	}
	cmd.Flags().StringVar(&target, "url", defaultHealthURL, "the URL to GET")
	cmd.Flags().DurationVar(&timeout, "timeout", 3*time.Second, "give up after this long, connecting and reading included")
	return cmd
}

func (a *app) healthcheck(ctx context.Context, target string, timeout time.Duration) error {
	if timeout <= 0 {
		return usagef("--timeout %s: give a positive duration such as 3s", timeout)
	}
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usagef("--url %q: give an http:// or https:// URL, e.g. %s", target, defaultHealthURL)
	}
	shown := u.Redacted()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("GET %s: %w", shown, err)
	}
	if token := a.getenv("LOADER_AUTH_TOKEN"); token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("GET %s: no answer within %s: is loader serve up and listening there?", shown, timeout)
	}
	if err != nil {
		return fmt.Errorf("GET %s: %w: is loader serve up and listening there?", shown, unwrapURLError(err))
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 200))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if text := strings.Join(strings.Fields(string(body)), " "); text != "" {
			return fmt.Errorf("GET %s: %s: %s", shown, resp.Status, text)
		}
		return fmt.Errorf("GET %s: %s", shown, resp.Status)
	}
	_, err = fmt.Fprintf(a.stdout, "%s: %s\n", shown, resp.Status)
	return err
}

// unwrapURLError drops the method and URL net/http puts in front of a
// transport error: the message names them once, redacted.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
