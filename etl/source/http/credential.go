package httpsource

import (
	"fmt"
	"net/url"
	"strings"
)

// minCredential is the length below which a credential is ordinary
// text: a value that short could be any offset, page number or date.
const minCredential = 8

// credentialIn returns an error when the position st stores holds a
// credential (Config.Credentials, at least minCredential long): the API
// put one where a checkpoint would store it, as in another parameter of
// its next page's URL. Only the stored URL's query values and the stored
// token are looked at: the records' values and the hashes are no
// credentials.
func (s *Source) credentialIn(st state) error {
	param, found := s.holding(st.Page)
	if !found {
		return nil
	}
	from := max(st.Pages-1, 1) // the page whose response gave the position
	return fmt.Errorf("page %d: the API put a credential in its next page's URL (parameter %s); the checkpoint cannot store it: declare that parameter with auth: {api_key: {name: %s, in: query, …}}",
		from, param, param)
}

// holding returns the query parameter of pos whose value holds a
// credential (the cursor's parameter for a token), and whether one does.
func (s *Source) holding(pos position) (string, bool) {
	if pos.Token != "" && s.holds(pos.Token) {
		return s.cfg.Paginate.Cursor.Param, true
	}
	if pos.URL == "" {
		return "", false
	}
	u, err := url.Parse(pos.URL)
	if err != nil {
		return "", false
	}
	for k, vs := range u.Query() {
		for _, v := range vs {
			if s.holds(v) {
				return k, true
			}
		}
	}
	return "", false
}

// holds reports whether the value v (decoded) contains a credential.
func (s *Source) holds(v string) bool {
	for _, c := range s.cfg.Credentials {
		if len(c) >= minCredential && strings.Contains(v, c) {
			return true
		}
	}
	return false
}
