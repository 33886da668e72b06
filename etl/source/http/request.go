package httpsource

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// position is what asks for one page: its URL (next URL and Link
// pagination), the token of the previous response (cursor pagination), or
// the offset or page number.
type position struct {
	URL    string `json:"url,omitempty"`
	Token  string `json:"token,omitempty"`
	Number int64  `json:"n,omitempty"`
}

// first returns the position of a pagination's first page.
func (s *Source) first(since string) position {
	switch s.by {
	case byNextURL, byLink:
		return position{URL: s.clean(s.withSince(since)).String()}
	case byOffset:
		return position{}
	case byPage:
		return position{Number: int64(s.cfg.Paginate.Page.Start)}
	}
	return position{}
}

// withSince returns the first URL with the incremental parameter.
func (s *Source) withSince(since string) *url.URL {
	u := *s.base
	if s.cfg.Cursor != nil && since != "" {
		q := u.Query()
		q.Set(s.cfg.Cursor.Param, since)
		u.RawQuery = q.Encode()
	}
	return &u
}

// requestURL returns the URL that asks for the page at pos (without the
// API key: the client adds it).
func (s *Source) requestURL(pos position, since string) string {
	if pos.URL != "" {
		return s.withSecrets(pos.URL)
	}
	u := s.withSince(since)
	q := u.Query()
	p := s.cfg.Paginate
	switch s.by {
	case byCursor:
		if pos.Token != "" {
			q.Set(p.Cursor.Param, pos.Token)
		}
	case byOffset:
		q.Set(p.Offset.Param, strconv.FormatInt(pos.Number, 10))
		q.Set(p.Offset.LimitParam, strconv.Itoa(p.Offset.Limit))
	case byPage:
		q.Set(p.Page.Param, strconv.FormatInt(pos.Number, 10))
		if p.Page.SizeParam != "" && p.Page.Size > 0 {
			q.Set(p.Page.SizeParam, strconv.Itoa(p.Page.Size))
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// clean removes the user information and the secret query parameters of
// u, in place, and returns it.
func (s *Source) clean(u *url.URL) *url.URL {
	u.User = nil
	q := u.Query()
	found := false
	for k := range q {
		if slices.Contains(s.cfg.SecretParams, k) {
			q.Del(k)
			found = true
		}
	}
	if found {
		u.RawQuery = q.Encode()
	}
	return u
}

// withSecrets returns the stored URL raw with the secret query parameters
// of the configured URL put back (clean took them out of what is stored).
func (s *Source) withSecrets(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q, configured, found := u.Query(), s.base.Query(), false
	for _, k := range s.cfg.SecretParams {
		if v, ok := configured[k]; ok {
			q[k], found = v, true
		}
	}
	if !found {
		return raw
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// shown returns the request method and URL as errors show them.
func (s *Source) shown(rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil {
		rawURL = s.clean(u).String()
	}
	return s.cfg.Method + " " + s.client.Redact(rawURL)
}

// identityText names what the source reads: the method, the URL with
// its parameters sorted (a secret one as its name and a hash of its
// value), a hash of the request body, if any, and the records path.
func (s *Source) identityText() string {
	q := s.base.Query()
	keys := slices.Sorted(maps.Keys(q))
	var b strings.Builder
	for _, k := range keys {
		for _, v := range q[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k) + "=")
			if slices.Contains(s.cfg.SecretParams, k) {
				sum := sha256.Sum256([]byte(k + "=" + v))
				b.WriteString("#" + hex.EncodeToString(sum[:])[:12])
			} else {
				b.WriteString(url.QueryEscape(v))
			}
		}
	}
	u := *s.base
	u.User, u.RawQuery = nil, b.String()
	id := "http:" + s.cfg.Method + " " + u.String()
	if len(s.cfg.Body) > 0 {
		sum := sha256.Sum256(s.cfg.Body)
		id += " body " + hex.EncodeToString(sum[:8])
	}
	return id + " records " + s.cfg.Records
}
