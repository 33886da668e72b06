package dburl

import (
	"errors"
	"strings"
	"testing"

	"github.com/warehouse-loader/loader/internal/dburl/dburltest"
)

// Passwords with a raw character that must be percent-encoded: Parse names
// the character and its escape; neither Parse, Redact nor Scrub shows any
// part of the password.
func TestRawSpecialCharactersInThePasswordNeverLeak(t *testing.T) {
	tests := []struct{ pw, want string }{
		{"Zq/9wX", "contains '/': percent-encode it as %2F"},
		{"12/55Zq", "contains '/': percent-encode it as %2F"}, // url.Parse reads host "alice", port 12
		{"Zq#9wX", "contains '#': percent-encode it as %23"},
		{"Zq?9wX", "contains '?': percent-encode it as %3F"},
		{"Zq?9w=X", "contains '?': percent-encode it as %3F"}, // no path before the '?': not a query
		{"Zq@9wX", "contains '@': percent-encode it as %40"},
		{"Zq%9wX", "contains '%': percent-encode it as %25"},
		{"Zq 9wX", "contains a space: percent-encode it as %20"},
		{"Zq9wX/#?@", "contains '/': percent-encode it as %2F"},
		{"@Zq9wX", "contains '@': percent-encode it as %40"},
		{"Zq9wX%", "contains '%': percent-encode it as %25"},
	}
	for _, tt := range tests {
		t.Run(tt.pw, func(t *testing.T) {
			raw := "postgres://alice:" + tt.pw + "@127.0.0.1:5432/test?sslmode=disable"
			_, err := Parse(raw)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Parse: want ErrInvalid, got %v", err)
			}
			msg := err.Error()
			if !strings.Contains(msg, "the password "+tt.want) || strings.Contains(msg, "\n") {
				t.Fatalf("Parse error %q: want one line with %q", msg, tt.want)
			}
			dburltest.AssertNoFragment(t, "Parse", msg, tt.pw)
			red := Redact(raw)
			if red != "postgres://alice:xxxxx@127.0.0.1:5432/test?sslmode=disable" {
				t.Fatalf("Redact = %q", red)
			}
			text := "failed to connect to " + raw + ": server said no"
			dburltest.AssertNoFragment(t, "Scrub", Scrub(text), tt.pw)
			dburltest.AssertNoFragment(t, "Cause", Cause(errors.New(text)), tt.pw)
		})
	}
}

// A ':' is allowed raw in a password, and percent-encoded passwords parse;
// URL.Scrub removes the password as written and decoded from any text.
func TestValidPasswordsAreScrubbedAsWrittenAndDecoded(t *testing.T) {
	tests := []struct{ written, decoded string }{
		{"Zq:9wX", "Zq:9wX"},
		{"Zq%2F9wX", "Zq/9wX"},
		{"Zq%40%23%3F9wX", "Zq@#?9wX"},
		{"Zq%209wX%25", "Zq 9wX%"},
	}
	for _, tt := range tests {
		t.Run(tt.written, func(t *testing.T) {
			raw := "postgres://alice:" + tt.written + "@127.0.0.1:5432/test"
			u, err := Parse(raw)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := u.String(); got != "postgres://alice:xxxxx@127.0.0.1:5432/test" {
				t.Fatalf("String = %q", got)
			}
			text := "driver: auth failed for " + tt.decoded + " (sent " + tt.written + ")"
			got := u.Scrub(text)
			dburltest.AssertNoFragment(t, "URL.Scrub", got, tt.written)
			dburltest.AssertNoFragment(t, "URL.Scrub", got, tt.decoded)
			if !strings.HasPrefix(got, "driver: auth failed for xxxxx") {
				t.Fatalf("URL.Scrub = %q", got)
			}
		})
	}
}

// A password= parameter is a password too.
func TestPasswordParameterIsScrubbed(t *testing.T) {
	u, err := Parse("postgres://alice@127.0.0.1:5432/test?password=Zq%2F9wX&sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	if got := u.String(); got != "postgres://alice@127.0.0.1:5432/test?password=xxxxx&sslmode=disable" {
		t.Fatalf("String = %q", got)
	}
	dburltest.AssertNoFragment(t, "URL.Scrub", u.Scrub("bad password Zq/9wX"), "Zq/9wX")
}

// A host that is no host does not hide the userinfo before it.
func TestBadHostsKeepThePasswordHidden(t *testing.T) {
	for _, raw := range []string{"postgres://alice:Zq9wX@ho st/db", `postgres://alice:Zq9wX@h"x:5432/db`, "postgres://alice:Zq9wX@h:5x2/db"} {
		if got := Redact(raw); !strings.HasPrefix(got, "postgres://alice:xxxxx@h") {
			t.Fatalf("Redact(%q) = %q", raw, got)
		}
		if _, err := Parse(raw); err != nil {
			dburltest.AssertNoFragment(t, "Parse", err.Error(), "Zq9wX")
		}
	}
}

// A '@' in a query value is not taken for the end of a userinfo.
func TestAtSignsInQueryValuesStillParse(t *testing.T) {
	for raw, want := range map[string]string{
		"postgres://alice:Zq9wX@db:5432/w?application_name=me@box": "postgres://alice:xxxxx@db:5432/w?application_name=me@box",
		"postgres://db:5432/w?application_name=me@box":             "postgres://db:5432/w?application_name=me@box",
	} {
		u, err := Parse(raw)
		if err != nil {
			t.Fatalf("Parse(%q): %v", raw, err)
		}
		if got := u.String(); got != want {
			t.Fatalf("String = %q, want %q", got, want)
		}
	}
}

// Scrub redacts URLs it cannot delimit by their shape, and leaves a '@'
// that belongs to a later part of the message alone.
func TestScrubFreeText(t *testing.T) {
	for text, want := range map[string]string{
		"(postgres://alice:Zq9wX@db)":                         "(postgres://alice:xxxxx@db)",
		`dial "postgres://alice:Zq/9wX@db:5432/w" failed`:     `dial "postgres://alice:xxxxx@db:5432/w" failed`,
		"postgres://alice:Zq 9wX@db:5432/w: refused":          "postgres://alice:xxxxx@db:5432/w: refused",
		"postgres://db:5432/w: lookup me@box: no such host":   "postgres://db:5432/w: lookup me@box: no such host",
		"postgres://db:5432/w?application_name=me@box: fails": "postgres://db:5432/w?application_name=me@box: fails",
		"connect host=db password=Zq9wX user=alice":           "connect host=db password=xxxxx user=alice",
	} {
		if got := Scrub(text); got != want {
			t.Errorf("Scrub(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestScrubKeepsThePunctuationAfterAURL(t *testing.T) {
	for in, want := range map[string]string{
		"connecting to postgres://h/db?password=s3cret: dial tcp: refused": "connecting to postgres://h/db?password=xxxxx: dial tcp: refused",
		"postgres://u:s3cret@h/db: timeout":                                "postgres://u:xxxxx@h/db: timeout",
		"(password=s3cret), then":                                          "(password=xxxxx), then",
	} {
		if got := Scrub(in); got != want {
			t.Errorf("Scrub(%q) = %q, want %q", in, got, want)
		}
	}
}
