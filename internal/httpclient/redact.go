package httpclient

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// redactor hides a client's secrets in text.
type redactor struct {
	secrets []string
}

func newRedactor(cfg Config) *redactor {
	var s []string
	a := cfg.Auth
	s = append(s, a.Bearer)
	if a.Basic != nil {
		s = append(s, a.Basic.Password)
	}
	if a.APIKey != nil {
		s = append(s, a.APIKey.Value, url.QueryEscape(a.APIKey.Value))
	}
	if a.OAuth2 != nil {
		s = append(s, a.OAuth2.ClientSecret, url.QueryEscape(a.OAuth2.ClientSecret))
	}
	for _, v := range cfg.Secrets {
		s = append(s, v, url.QueryEscape(v))
	}
	r := &redactor{}
	for _, v := range s {
		if len(v) >= 3 { // shorter values would mask ordinary text
			r.secrets = append(r.secrets, v)
		}
	}
	return r
}

var userinfo = regexp.MustCompile(`(://[^/@:\s]*:)[^/@\s]*@`)

// text returns s with every secret replaced by "***" and the password of
// any URL's user information too.
func (r *redactor) text(s string) string {
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
