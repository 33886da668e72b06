package httpclient

import (
	"encoding/base64"
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

// add makes values secret, with their URL-escaped spelling.
func (r *redactor) add(values ...string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range values {
		for _, w := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
			if len(w) >= 3 && !slices.Contains(r.secrets, w) { // shorter values would mask ordinary text
				r.secrets = append(r.secrets, w)
			}
		}
	}
	// The longest first, so that a secret containing another is hidden whole.
	slices.SortFunc(r.secrets, func(a, b string) int { return len(b) - len(a) })
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

// snippet returns the start of a body on one line, for errors.
func snippet(b []byte) string {
	const most = 200
	s := string(b)
	if len(s) > most {
		s = s[:most]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
}
