package infer

import (
	"math"
	"strconv"
	"strings"
)

// shape is what one value looks like.
type shape int

const (
	shapeText    shape = iota // none of the others, or identifier-like
	shapeInteger              // [+-]digits, at most 18 digits, no leading zero
	shapeDecimal              // [+-]digits.digits
	shapeFloat                // a number with an exponent
	shapeBool                 // a bool word other than 0 and 1
	shapeTime                 // a date or a timestamp (see times)
)

// maxIntDigits is the longest integer that is a number rather than an
// identifier: 18 digits always fit int64. Integers of 19 digits that fit
// int64 are read as long: epoch nanoseconds have 19 digits.
const maxIntDigits = 18

// maxPrecision is the most digits a decimal column holds on every
// database (MySQL's DECIMAL allows 65, SQL Server and others 38).
const maxPrecision = 38

// number is a value read as a number.
type number struct {
	shape   shape
	intPart int   // digits before the point (without leading sign)
	scale   int   // digits after the point
	n       int64 // the value, for shapeInteger
	long    bool  // an integer of more than maxIntDigits digits
}

// readNumber classifies s (trimmed, not empty) as an integer, a decimal
// or a float; ok is false for anything else, including identifier-like
// digits (leading zeros, a leading +, an upper-case E with an unsigned exponent and no point: 7E3)
// and NaN/Inf.
func readNumber(s string) (number, bool) {
	if strings.HasPrefix(s, "+") {
		return number{}, false // +4712345678: a phone number, not a number
	}
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) > 1 || body == "" {
		return number{}, false
	}
	mant, exp, hasExp := strings.Cut(body, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(body, "E")
	}
	ip, fp, point := strings.Cut(mant, ".")
	if !allDigits(ip) || !allDigits(fp) || (ip == "" && fp == "") || (point && fp == "") {
		return number{}, false
	}
	if len(ip) > 1 && ip[0] == '0' {
		return number{}, false // 00501: an identifier
	}
	if hasExp {
		if !point && !strings.Contains(body, "e") && allDigits(exp) {
			return number{}, false // 7E3: a code; a float is 7e3, 7.0E3 or 7E+3
		}
		return readFloat(s, exp)
	}
	if !point {
		return readInteger(s, ip)
	}
	// The sign and integer part, times ten so that "-.5" reads as "-0".
	whole, err := strconv.ParseInt(s[:len(s)-len(fp)-1]+"0", 10, 64)
	if err != nil {
		whole = math.MaxInt64 // beyond every epoch range
	}
	return number{shape: shapeDecimal, intPart: len(ip), scale: len(fp), n: whole / 10}, true
}

func readInteger(s, digits string) (number, bool) {
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
	if err != nil {
		return number{}, false
	}
	return number{shape: shapeInteger, intPart: len(digits), n: n, long: len(digits) > maxIntDigits}, true
}

func readFloat(s, exp string) (number, bool) {
	if !allDigits(strings.TrimLeft(exp, "+-")) || strings.TrimLeft(exp, "+-") == "" || len(exp)-len(strings.TrimLeft(exp, "+-")) > 1 {
		return number{}, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(f, 0) {
		return number{}, false
	}
	return number{shape: shapeFloat}, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// boolWords are the words read as booleans: the bool cast's words
// without 0 and 1, which stay integers.
var boolWords = []string{"true", "false", "t", "f", "yes", "no", "y", "n"}

func isBoolWord(s string) bool {
	for _, w := range boolWords {
		if strings.EqualFold(s, w) {
			return true
		}
	}
	return false
}
