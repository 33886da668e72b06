package httpsource

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// credentials returns the values a checkpoint must never hold: those of
// the authentication (Config.Credentials) and of the secret parameters
// of the configured URL, each as written, escaped for a URL and for JSON.
func (s *Source) credentials() []string {
	values := append([]string(nil), s.cfg.Credentials...)
	q := s.base.Query()
	for _, k := range s.cfg.SecretParams {
		values = append(values, q[k]...)
	}
	var out []string
	for _, v := range values {
		if len(v) < 3 { // as the client's redaction: shorter values are ordinary text
			continue
		}
		for _, w := range []string{v, url.QueryEscape(v), url.PathEscape(v)} {
			out = append(out, w)
			if j, err := json.Marshal(w); err == nil { // as the state's JSON writes it
				out = append(out, string(j[1:len(j)-1]))
			}
		}
	}
	return out
}

// credentialIn returns an error when st holds a credential: the API put
// one where a checkpoint would store it, as in another parameter of its
// next page's URL. Only what came from the API is looked at, not the
// hashes (a short value would match some hexadecimal digits).
func (s *Source) credentialIn(st state) error {
	st.Prev, st.Seen = "", nil
	for _, m := range []**markJSON{&st.Base, &st.High} {
		if *m != nil {
			c := **m
			c.Edge = nil
			*m = &c
		}
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	text := string(b)
	var found string
	for _, c := range s.credentials() {
		if strings.Contains(text, c) {
			found = c
			break
		}
	}
	if found == "" {
		return nil
	}
	from := max(st.Pages-1, 1) // the page whose response gave the position
	param := s.paramHolding(st.Page, found)
	if param == "" {
		return fmt.Errorf("page %d: the API put a credential in its next page's URL; the checkpoint cannot store it: credentials belong in auth:, params: or headers:, not in the URL's host or path", from)
	}
	return fmt.Errorf("page %d: the API put a credential in its next page's URL (parameter %s); the checkpoint cannot store it: declare that parameter with auth: {api_key: {name: %s, in: query, …}}",
		from, param, param)
}

// paramHolding returns the query parameter of pos whose value holds the
// credential c (in one of its spellings), "" if none does.
func (s *Source) paramHolding(pos position, c string) string {
	if pos.Token != "" && s.by == byCursor && strings.Contains(pos.Token, c) {
		return s.cfg.Paginate.Cursor.Param
	}
	u, err := url.Parse(pos.URL)
	if err != nil || pos.URL == "" {
		return ""
	}
	for k, vs := range u.Query() {
		for _, v := range vs {
			if strings.Contains(v, c) || strings.Contains(url.QueryEscape(v), c) {
				return k
			}
		}
	}
	return ""
}
