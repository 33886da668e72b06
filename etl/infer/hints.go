package infer

import (
	"slices"
	"strings"
)

// timeTokens are the words of a snake_case column name that say its
// numbers are epoch times (created_at, updated, event_ts, timestamp). A
// whole word must match: candidate_id, validated_by and runtime_ms are no
// times.
var timeTokens = []string{"at", "ts", "time", "date", "epoch", "timestamp", "datetime",
	"created", "updated", "modified", "deleted", "seen", "when"}

// identifierTokens are the words of a column name that say its digits
// are an identifier, kept as text: a phone number, a postal code, a
// product or document code, whatever its digits look like.
var identifierTokens = []string{"phone", "tel", "telephone", "mobile", "fax", "zip", "zipcode",
	"postal", "postcode", "code", "sku", "isbn", "ean", "upc", "gtin", "ssn", "iban"}

// timeName reports whether name hints at epoch times; a name ending in
// _id never does.
func timeName(name string) bool {
	words := strings.Split(name, "_")
	if words[len(words)-1] == "id" {
		return false
	}
	return slices.ContainsFunc(words, func(w string) bool { return slices.Contains(timeTokens, w) })
}

// identifierName reports whether name hints at an identifier.
func identifierName(name string) bool {
	return slices.ContainsFunc(strings.Split(name, "_"), func(w string) bool { return slices.Contains(identifierTokens, w) })
}
