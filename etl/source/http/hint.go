package httpsource

import (
	"context"
	"errors"
	"net/http"

	"github.com/warehouse-loader/loader/internal/httpclient"
)

// hint says what to do about a request that failed: which setting to
// check, or when to try again.
func hint(err error) string {
	var se *httpclient.StatusError
	switch {
	case errors.As(err, &se) && (se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden):
		return "check auth: (the token, key or credentials, and the ${VAR} they come from)"
	case errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusMethodNotAllowed):
		return "check url:, method: and params:"
	case errors.As(err, &se) && (se.Status == http.StatusTooManyRequests || se.Status >= 500):
		return "the API kept failing: run again later (the run resumes at this page), or raise retry: {attempts, max_elapsed}"
	case errors.As(err, &se):
		return "check params:, headers: and body: against the API's documentation"
	case errors.Is(err, context.DeadlineExceeded):
		return "the API did not answer in time: raise timeout: if it is slow"
	case errors.Is(err, httpclient.ErrTooLarge):
		return ""
	}
	return "is the API up, and is url: right?"
}
