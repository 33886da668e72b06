package source

import (
	"encoding/hex"

	"github.com/zeebo/xxh3"
)

// streamSum is the prefix fingerprint (as prefixSum's) of a stream that
// cannot be read again: it keeps the bytes read but not yet hashed, from
// at on, until a cursor's offset says they may be hashed.
type streamSum struct {
	h    *xxh3.Hasher
	at   int64  // bytes hashed
	buf  []byte // buf[head:] are the bytes from at on
	head int
	last byte // the byte before at
}

func newStreamSum() streamSum { return streamSum{h: xxh3.New()} }

// reset forgets every byte: nothing hashed or kept.
func (s *streamSum) reset() {
	s.h.Reset()
	s.at, s.buf, s.head, s.last = 0, s.buf[:0], 0, 0
}

// keep adds bytes just read.
func (s *streamSum) keep(p []byte) { s.buf = append(s.buf, p...) }

// to hashes the bytes kept before off, as far as they go, and drops them.
func (s *streamSum) to(off int64) {
	k := int(min(off-s.at, int64(len(s.buf)-s.head)))
	if k <= 0 {
		return
	}
	_, _ = s.h.Write(s.buf[s.head : s.head+k]) // a hash never fails to write
	s.head += k
	s.at += int64(k)
	s.last = s.buf[s.head-1]
	switch {
	case s.head == len(s.buf):
		s.buf, s.head = s.buf[:0], 0
	case s.head > cap(s.buf)/2:
		n := copy(s.buf, s.buf[s.head:])
		s.buf, s.head = s.buf[:n], 0
	}
}

// upTo returns the fingerprint of the bytes before off, as 32 hex digits,
// or sumUnreadable when they were not all read (or off is behind).
func (s *streamSum) upTo(off int64) string {
	s.to(off)
	if s.at != off {
		return sumUnreadable
	}
	sum := s.h.Sum128().Bytes()
	return hex.EncodeToString(sum[:])
}

// byteBefore returns the byte before off, if it was read and off is not
// behind the bytes kept.
func (s *streamSum) byteBefore(off int64) (byte, bool) {
	switch i := off - s.at; {
	case i == 0 && s.at > 0:
		return s.last, true
	case i > 0 && i <= int64(len(s.buf)-s.head):
		return s.buf[s.head+int(i)-1], true
	}
	return 0, false
}
