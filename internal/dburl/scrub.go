package dburl

import (
	"regexp"
	"strings"
)

var (
	// urlInText is a URL quoted in free text, up to a space or a quote.
	urlInText = regexp.MustCompile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'`<>]+")
	// userPassword is the user:password@ of a URL that urlInText could not
	// delimit: a URL in parentheses, a password with a space.
	userPassword = regexp.MustCompile(`://[^:/@\s]*:[^@\n]*?@`)
	// passParam is a password= parameter; punctuation that ends it before
	// a space (the ": " after a URL in an error) is kept.
	passParam = regexp.MustCompile(`(?i)(password=)([^&\s]*?)([:,;.)]*)(\s|&|$)`)
)

// passParamRedacted replaces a passParam match.
const passParamRedacted = "${1}xxxxx${3}${4}" //nolint:gosec // G101: the redaction template, no credential

// trailing is the punctuation a URL quoted in a sentence may be followed
// by without a space ("…/db?password=x: dial tcp …").
const trailing = ":,;.)"

// Scrub replaces anything that looks like a password in free text (a URL's
// user:password@, a password= parameter) with "xxxxx".
func Scrub(msg string) string {
	msg = urlInText.ReplaceAllStringFunc(msg, func(m string) string {
		core := strings.TrimRight(m, trailing)
		return Redact(core) + m[len(core):]
	})
	msg = userPassword.ReplaceAllStringFunc(msg, redactUserPassword)
	return passParam.ReplaceAllString(msg, passParamRedacted)
}

// redactUserPassword redacts a "://user:password@" match of userPassword,
// unless the '@' belongs to something after the URL: a query value, or a
// later part of an error message ("…/db: lookup me@host").
func redactUserPassword(match string) string {
	user, password, _ := strings.Cut(strings.TrimSuffix(strings.TrimPrefix(match, "://"), "@"), ":")
	if password == "xxxxx" || inQueryValue(password) || strings.ContainsAny(password, "`\"") || strings.Contains(password, ": ") {
		return match
	}
	return "://" + user + ":xxxxx@"
}

// minSecret is the shortest password URL.Scrub looks for as such: replacing
// every occurrence of one or two characters would garble a message without
// hiding anything worth hiding. Scrub's patterns still apply.
const minSecret = 3

// Scrub replaces this URL's passwords, as written and percent-decoded,
// wherever they occur in msg, then does what the package-level Scrub does.
// It hides the password whatever shape a driver quoted it in.
func (u URL) Scrub(msg string) string {
	for _, s := range u.secrets {
		if len(s) >= minSecret {
			msg = strings.ReplaceAll(msg, s, "xxxxx")
		}
	}
	return Scrub(msg)
}
