package httpclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// tokens fetches and caches the access token of the OAuth2 client
// credentials grant. Requests share one token; a 401 drops it.
type tokens struct {
	cfg       clientcredentials.Config
	transport http.RoundTripper // the API's: same TLS, same deadlines
	redact    *redactor

	// lock holds one value while a caller reads or fetches tok: a
	// channel, so that a caller waiting for another's fetch can leave
	// when its context ends.
	lock chan struct{}
	tok  *oauth2.Token
}

func newTokens(o OAuth2, transport http.RoundTripper, r *redactor) *tokens {
	style := oauth2.AuthStyleInHeader
	if o.AuthStyle == "post" {
		style = oauth2.AuthStyleInParams
	}
	params := make(map[string][]string, len(o.Params))
	for k, v := range o.Params {
		params[k] = []string{v}
	}
	return &tokens{
		cfg: clientcredentials.Config{
			ClientID: o.ClientID, ClientSecret: o.ClientSecret, TokenURL: o.TokenURL,
			Scopes: o.Scopes, EndpointParams: params, AuthStyle: style,
		},
		transport: transport, redact: r, lock: make(chan struct{}, 1),
	}
}

// get returns the cached token while it is valid, or fetches a new one
// within ctx (the error is x/oauth2's, unredacted: see
// Client.tokenFailure). Concurrent callers wait for one fetch, or until
// their ctx ends.
func (t *tokens) get(ctx context.Context) (*oauth2.Token, error) {
	select {
	case t.lock <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-t.lock }()
	if t.tok.Valid() {
		return t.tok, nil
	}
	a := &answer{}
	hc := &http.Client{Transport: recorder{base: t.transport, answer: a}, CheckRedirect: checkRedirect}
	tok, err := t.cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
	if err != nil {
		return nil, &tokenError{err: err, answer: a}
	}
	t.redact.add(tok.AccessToken, tok.RefreshToken)
	t.tok = tok
	return tok, nil
}

// drop forgets the cached token if it is still refused, the token the
// API refused: another request may have replaced it already. When ctx
// ends first it does nothing (the next get fails on ctx).
func (t *tokens) drop(ctx context.Context, refused *oauth2.Token) {
	select {
	case t.lock <- struct{}{}:
	case <-ctx.Done():
		return
	}
	defer func() { <-t.lock }()
	if t.tok == refused {
		t.tok = nil
	}
}

// tokenFailure describes a failed token request: the endpoint's status
// and the start of its answer, an answer that is not a token, or why it
// could not be reached.
func (c *Client) tokenFailure(err error) *failure {
	prefix := "getting an OAuth2 token from " + c.cfg.Auth.OAuth2.TokenURL + ": "
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		st := re.Response.StatusCode
		msg := fmt.Sprintf("%s%d %s: %s", prefix, st, http.StatusText(st), c.redact.snippet(re.Body))
		if st == http.StatusUnauthorized || st == http.StatusBadRequest {
			msg += "; check auth.oauth2 client_id, client_secret, auth_style and scopes"
		}
		return &failure{
			msg:        c.Redact(msg),
			retry:      slices.Contains(c.cfg.Retry.Statuses, st),
			retryAfter: retryAfter(re.Response.Header, c.now()),
		}
	}
	var te *tokenError
	if errors.As(err, &te) {
		if msg, ok := c.notAToken(te.answer); ok {
			return &failure{msg: c.Redact(prefix + msg)}
		}
		if te.answer.readErr != nil {
			err = te.answer.readErr // x/oauth2 keeps only its text
			prefix += "reading the answer: "
		}
	}
	why, retry := cause(err, c.cfg.Timeout)
	return &failure{msg: c.Redact(prefix + why), retry: retry}
}
