package jsonsource

// objScanner walks the members of a JSON object that json.Decoder has
// already validated, without allocating. It stays in bounds on any input.
type objScanner struct {
	b []byte
	i int
}

// open consumes the object's '{' and reports whether the value is one.
func (sc *objScanner) open() bool {
	sc.space()
	if sc.i < len(sc.b) && sc.b[sc.i] == '{' {
		sc.i++
		return true
	}
	return false
}

// more consumes a ',' and reports whether another member follows.
func (sc *objScanner) more() bool {
	sc.space()
	if sc.i < len(sc.b) && sc.b[sc.i] == ',' {
		sc.i++
		sc.space()
	}
	return sc.i < len(sc.b) && sc.b[sc.i] == '"'
}

// member returns the next member's key (quoted) and value texts.
func (sc *objScanner) member() (key, val []byte) {
	key = sc.take(stringEnd(sc.b, sc.i))
	sc.space()
	if sc.i < len(sc.b) && sc.b[sc.i] == ':' {
		sc.i++
	}
	sc.space()
	return key, sc.take(valueEnd(sc.b, sc.i))
}

// take returns b[i:end] and moves to end.
func (sc *objScanner) take(end int) []byte {
	v := sc.b[sc.i:end]
	sc.i = end
	return v
}

// space skips JSON white space.
func (sc *objScanner) space() {
	for sc.i < len(sc.b) && isSpace(sc.b[sc.i]) {
		sc.i++
	}
}

// isSpace reports whether c is JSON white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// stringEnd returns the index just after the string starting at b[i].
func stringEnd(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// valueEnd returns the index just after the value starting at b[i].
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return len(b)
	}
	switch b[i] {
	case '"':
		return stringEnd(b, i)
	case '{', '[':
		return compositeEnd(b, i)
	}
	for i < len(b) && !isSpace(b[i]) && b[i] != ',' && b[i] != '}' && b[i] != ']' {
		i++
	}
	return i
}

// compositeEnd returns the index just after the object or array starting
// at b[i].
func compositeEnd(b []byte, i int) int {
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			i = stringEnd(b, i)
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return len(b)
}
