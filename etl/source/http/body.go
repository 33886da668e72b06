package httpsource

import (
	"bytes"
	"fmt"
	"mime"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/warehouse-loader/loader/etl/source"
)

// PageError is a page that could not be read: its request failed, or its
// body is not what the settings describe (then it matches
// source.ErrMalformed). Its message names the page and the request.
type PageError struct {
	// Page is the page's number in the pagination, from 1.
	Page int
	// Request is the method and the URL, secrets removed.
	Request string
	Err     error
	// Malformed tells the body was at fault, not the request.
	Malformed bool
	// resumed tells the request was refused on the first page of a run
	// resumed past the first page (its position may have expired).
	resumed bool
}

// Error reads "page 3 (GET https://…): the response is not JSON …" for a
// malformed body, and "page 3: " and the client's error (which names the
// request) for a failed request, with what to do about it.
func (e *PageError) Error() string {
	if e.Malformed {
		return fmt.Sprintf("page %d (%s): %v", e.Page, e.Request, e.Err)
	}
	msg := fmt.Sprintf("page %d: %v", e.Page, e.Err)
	switch h := hint(e.Err); {
	case e.resumed:
		msg += " (the run resumed at a page its checkpoint stored; if the API's page tokens expire, run it with --full-refresh or loader reset)"
	case h != "":
		msg += "; " + h
	}
	return msg
}

// Unwrap returns the cause.
func (e *PageError) Unwrap() error { return e.Err }

// Is reports whether target is source.ErrMalformed, for a malformed body.
func (e *PageError) Is(target error) bool { return e.Malformed && target == source.ErrMalformed }

// records returns the records of a body: the elements of the array at
// the records path, or its NDJSON lines.
func (s *Source) records(body []byte, contentType string) ([][]byte, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	ndjson := s.cfg.Format == FormatNDJSON || s.cfg.Format == FormatAuto &&
		(mt == "application/x-ndjson" || mt == "application/jsonl" || !gjson.ValidBytes(body))
	if ndjson {
		return lines(body, contentType, s.cfg.Format == FormatAuto && mt != "application/x-ndjson")
	}
	if !gjson.ValidBytes(body) {
		return nil, notJSON(body, contentType)
	}
	at := gjson.ParseBytes(body)
	where := "the top of the body"
	if s.cfg.Records != "" {
		at, where = gjson.GetBytes(body, s.cfg.Records), s.cfg.Records
	}
	switch {
	case at.IsArray():
	case s.cfg.Records == "" && s.cfg.Format == FormatAuto && at.IsObject():
		return [][]byte{bytes.TrimSpace(body)}, nil // one object: NDJSON of one line
	default:
		return nil, fmt.Errorf("no array at %s; set records: to the path of the records; the body starts: %s", where, snippet(body))
	}
	var recs [][]byte
	at.ForEach(func(_, v gjson.Result) bool {
		recs = append(recs, []byte(v.Raw))
		return true
	})
	return recs, nil
}

// lines returns the non-blank lines of an NDJSON body. When guessed (the
// body was not declared NDJSON) and its first line is not JSON, the body
// is not JSON at all.
func lines(body []byte, contentType string, guessed bool) ([][]byte, error) {
	var recs [][]byte
	for n, rest := 1, body; len(rest) > 0; n++ {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0:
		case gjson.ValidBytes(line):
			recs = append(recs, line)
		case guessed && len(recs) == 0:
			return nil, notJSON(body, contentType)
		default:
			return nil, fmt.Errorf("NDJSON line %d is not JSON: %s", n, snippet(line))
		}
	}
	return recs, nil
}

// notJSON describes a body that is not JSON, showing its start.
func notJSON(body []byte, contentType string) error {
	if contentType == "" {
		contentType = "none"
	}
	return fmt.Errorf("the response is not JSON (Content-Type %s): %s", contentType, snippet(body))
}

// snippet returns the start of a body on one line.
func snippet(b []byte) string {
	const most = 120
	s := string(b)
	if len(s) > most {
		s = s[:most]
		for !utf8.ValidString(s) && len(s) > most-4 {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	s = strings.Join(strings.Fields(strings.ToValidUTF8(s, "\uFFFD")), " ")
	if s == "" {
		return "(empty)"
	}
	return s
}
