package infer

import (
	"maps"
	"slices"
)

// missingTokens are the texts that mean "no value" in a column whose
// other values are all of one non-text kind: the common ones of pandas'
// read_csv defaults, compared exactly (no trimming, no case folding
// beyond the spellings listed). "-" is not one: it stands for zero in
// accounting layouts. In a text column they are text.
var missingTokens = map[string]bool{
	"NA": true, "N/A": true, "NULL": true, "null": true, "None": true,
	"NaN": true, "nan": true, "#N/A": true,
}

// isMissingToken reports whether raw is one of the missing-value tokens.
func isMissingToken(raw string) bool { return missingTokens[raw] }

// addToken counts a missing-value token; the column decides at the end
// whether it was missing or text.
func (st *stats) addToken(raw string) {
	if st.tokens == nil {
		st.tokens = map[string]int{}
	}
	st.tokens[raw]++
}

// tokenCount returns how many values were missing-value tokens.
func (st *stats) tokenCount() int {
	n := 0
	for _, c := range st.tokens {
		n += c
	}
	return n
}

// tokenList returns the tokens seen, sorted.
func (st *stats) tokenList() []string {
	return slices.Sorted(maps.Keys(st.tokens))
}
