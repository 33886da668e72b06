package dburl

import (
	"fmt"
	"net/url"
	"strings"
)

// userinfo is the user:password@ part of a URL, found even when the password
// holds characters that url.Parse and libpq would cut it at.
type userinfo struct {
	user, password string
	hasPassword    bool
	rest           string // what follows the '@': hosts, path, query
}

// splitUserinfo splits the part of a URL after "scheme://" into its userinfo
// and the rest; ok is false when there is no userinfo.
func splitUserinfo(afterScheme string) (ui userinfo, ok bool) {
	at := userinfoEnd(afterScheme)
	if at < 0 {
		return userinfo{rest: afterScheme}, false
	}
	ui.user, ui.password, ui.hasPassword = strings.Cut(afterScheme[:at], ":")
	ui.rest = afterScheme[at+1:]
	return ui, true
}

// userinfoEnd returns the index of the '@' that ends the userinfo, or -1.
//
// The password is the one part of a URL that may hold anything, so the '@'
// is searched from the right: it is the last '@' that is followed by a
// plausible host list (up to the next '/', '?' or '#') and that is not in a
// query value (…/db?key=…@…); failing that, the last '@' not in a query
// value. A password with a raw '/', '?', '#' or '@' is thus found whole,
// where url.Parse would take part of it for the host or the path and libpq
// (pgx) would end it at its first '@'. One shape stays ambiguous: a
// password holding '/', then '?', then '=' reads as a query value.
func userinfoEnd(s string) int {
	if at := lastAt(s, isHostList); at >= 0 {
		return at
	}
	return lastAt(s, func(string) bool { return true })
}

// lastAt returns the index of the last '@' of s that is not in a query value
// and whose following text passes follows, or -1.
func lastAt(s string, follows func(string) bool) int {
	for at := strings.LastIndexByte(s, '@'); at >= 0; at = strings.LastIndexByte(s[:at], '@') {
		if follows(s[at+1:]) && !inQueryValue(s[:at]) {
			return at
		}
	}
	return -1
}

// isHostList reports whether s starts with host[:port][,host[:port]]… up to
// its first '/', '?' or '#'. An empty host list is allowed (a socket given
// by ?host=).
func isHostList(s string) bool {
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	for _, c := range s {
		if !isAlnum(c) && !strings.ContainsRune(".-_~:,[]%", c) {
			return false
		}
	}
	return true
}

// inQueryValue reports whether a '@' that follows s is inside a query value:
// after a path and a '?', in a key=value pair.
func inQueryValue(s string) bool {
	q := strings.IndexByte(s, '?')
	if q < 0 || !strings.Contains(s[:q], "/") {
		return false
	}
	return strings.Contains(s[strings.LastIndexAny(s, "?&"):], "=")
}

// check returns why the userinfo cannot be used as written, naming the first
// character that must be percent-encoded but never any part of the password.
func (ui userinfo) check() error {
	if c, ok := mustEncode(ui.user, false); ok {
		return fmt.Errorf("the user name contains %s: percent-encode it as %s", describe(c), encoded(c))
	}
	if c, ok := mustEncode(ui.password, true); ok {
		return fmt.Errorf("the password contains %s: percent-encode it as %s", describe(c), encoded(c))
	}
	return nil
}

// mustEncode returns the first character of s that RFC 3986 does not allow
// raw in a user name or password (a '%' that does not start a %XX escape
// included); colon says whether ':' is allowed (it is, in the password).
func mustEncode(s string, colon bool) (rune, bool) {
	for i, c := range s {
		switch {
		case c == '%':
			if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
				return c, true
			}
		case c == ':' && colon, isAlnum(c), strings.ContainsRune("-._~!$&'()*+,;=", c):
		default:
			return c, true
		}
	}
	return 0, false
}

// describe names a character for a message: '/' or "a space".
func describe(c rune) string {
	if c == ' ' {
		return "a space"
	}
	return fmt.Sprintf("%q", c)
}

// encoded returns the percent-encoding of c: %2F, %40, %C3%A9.
func encoded(c rune) string {
	var b strings.Builder
	for _, x := range []byte(string(c)) {
		fmt.Fprintf(&b, "%%%02X", x)
	}
	return b.String()
}

func isAlnum(c rune) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// Redact replaces the password of a URL-shaped string with "xxxxx", also when
// it holds characters that should have been percent-encoded, and the value
// of a password= query parameter. Strings without "://" give "(unparsable)".
func Redact(raw string) string {
	scheme, afterScheme, ok := strings.Cut(raw, "://")
	if !ok {
		return "(unparsable)"
	}
	ui, ok := splitUserinfo(afterScheme)
	rest := passParam.ReplaceAllString(ui.rest, passParamRedacted)
	switch {
	case !ok:
		return scheme + "://" + rest
	case ui.hasPassword:
		return scheme + "://" + ui.user + ":xxxxx@" + rest
	default:
		return scheme + "://" + ui.user + "@" + rest
	}
}

// secrets returns the passwords a URL holds (in the userinfo and in a
// password= parameter), each as written and percent-decoded.
func secrets(ui userinfo) []string {
	var out []string
	add := func(s string, unescape func(string) (string, error)) {
		out = append(out, s)
		if d, err := unescape(s); err == nil && d != s {
			out = append(out, d)
		}
	}
	if ui.password != "" {
		add(ui.password, url.PathUnescape)
	}
	for _, m := range passParam.FindAllStringSubmatch(ui.rest, -1) {
		add(m[2], url.QueryUnescape)
	}
	return out
}
