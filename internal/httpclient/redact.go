package httpclient

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// redactor hides a client's secrets in text. It is safe for concurrent
// use: access tokens are added as they are obtained.
type redactor struct {
	mu      sync.RWMutex
	secrets []string
}

func newRedactor(cfg Config) *redactor {
	var s []string
	a := cfg.Auth
	s = append(s, a.Bearer)
	if a.Basic != nil {
		s = append(s, a.Basic.Password, basicCredentials(a.Basic.User, a.Basic.Password))
	}
	if a.APIKey != nil {
		s = append(s, a.APIKey.Value)
	}
	if a.OAuth2 != nil {
		o := a.OAuth2 // x/oauth2 escapes both in the header
		s = append(s, o.ClientSecret, basicCredentials(url.QueryEscape(o.ClientID), url.QueryEscape(o.ClientSecret)))
	}
	s = append(s, cfg.Secrets...)
	r := &redactor{}
	r.add(s...)
	return r
}

// add makes values secret, with their URL-escaped and JSON-escaped
// spellings.
func (r *redactor) add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		for _, w := range append([]string{v, url.QueryEscape(v), url.PathEscape(v)}, jsonSpellings(v)...) {
			if len(w) >= 3 && !slices.Contains(r.secrets, w) { // shorter values would mask ordinary text
				r.secrets = append(r.secrets, w)
			}
		}
	}
	// The longest first, so that a secret containing another is hidden whole.
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
}

// jsonSpellings returns how v can appear inside a JSON string: escaped
// by encoding/json (\u003c for <, \u0026 for &), without the HTML
// escapes, and either with / escaped as \/ (as PHP writes it).
func jsonSpellings(v string) []string {
	b, err := json.Marshal(v)
	if err != nil { // a string always encodes
		return nil
	}
	escaped := strings.TrimSuffix(strings.TrimPrefix(string(b), `"`), `"`)
	plain := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(escaped)
	return []string{escaped, strings.ReplaceAll(escaped, "/", `\/`), plain, strings.ReplaceAll(plain, "/", `\/`)}
}

// basicCredentials is how an Authorization: Basic header carries a
// password: base64 that anyone can decode.
func basicCredentials(user, password string) string {
	if password == "" {
		return ""
	}
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

var userinfo = regexp.MustCompile(`(://[^/@:\s]*:)[^/@\s]*@`)

// text returns s with every secret replaced by "***" and the password of
// any URL's user information too.
func (r *redactor) text(s string) string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, v := range r.secrets {
		s = strings.ReplaceAll(s, v, "***")
	}
	return userinfo.ReplaceAllString(s, "${1}***@")
}

// redactWindow is how much of a body is redacted for an error: enough
// for any snippet, without scanning a body of many megabytes.
const redactWindow = 64 << 10

// snippet returns the start of body on one line, for errors, with the
// secrets redacted before it is cut (a secret cut in half would not be
// recognised).
func (r *redactor) snippet(body []byte) string {
	s := r.text(string(body[:min(len(body), redactWindow)]))
	if len(body) > redactWindow {
		// A secret cut at the window's end stays whole at the end of s:
		// drop as much as the longest secret.
		r.mu.RLock()
		if len(r.secrets) > 0 {
			s = s[:max(0, len(s)-len(r.secrets[0]))]
		}
		r.mu.RUnlock()
		s += " …"
	}
	return snippet(s)
}

// snippet returns the start of s on one line.
func snippet(s string) string {
	const most = 200
	if len(s) > most {
		s = s[:most]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}
