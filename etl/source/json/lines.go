package jsonsource

import (
	"bytes"
	"io"
)

// lineCounter passes reads through and answers the line number of any
// offset not before the last one asked, up to what has been read. It keeps
// the positions of newlines read but not yet counted.
type lineCounter struct {
	r       io.Reader
	pos     int64   // offset of the next byte to read
	nl      []int64 // offsets of newlines at or after counted
	head    int     // nl[:head] are counted
	counted int64   // the last offset asked
	line    int64   // the line of offset counted
}

// newLineCounter counts lines of r, which starts at offset off on line.
func newLineCounter(r io.Reader, off, line int64) *lineCounter {
	return &lineCounter{r: r, pos: off, counted: off, line: line}
}

// Read reads from the underlying reader and notes the newlines.
func (c *lineCounter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for b, base := p[:n], c.pos; ; {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			break
		}
		c.nl = append(c.nl, base+int64(i))
		base += int64(i) + 1
		b = b[i+1:]
	}
	c.pos += int64(n)
	return n, err
}

// lineAt returns the line of the byte at offset off.
func (c *lineCounter) lineAt(off int64) int64 {
	for c.head < len(c.nl) && c.nl[c.head] < off {
		c.head++
		c.line++
	}
	if off > c.counted {
		c.counted = off
	}
	if c.head == len(c.nl) {
		c.nl, c.head = c.nl[:0], 0
	} else if c.head > 4096 {
		c.nl = append(c.nl[:0], c.nl[c.head:]...)
		c.head = 0
	}
	return c.line
}
