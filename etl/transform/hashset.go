package transform

// hashSet is a set of 64-bit hashes in one flat table with linear probing:
// 8 bytes a slot, kept at most 3/4 full and doubled when it gets there, so
// between 11 and 21 bytes per element (a Go map of uint64 takes 19 to
// 39). The hashes come from maphash, uniform in every bit, so the low bits
// index the table directly.
type hashSet struct {
	slots   []uint64 // 0 marks an empty slot
	n       int
	hasZero bool // the hash 0 is kept aside
}

const hashSetMinSlots = 1024

// add inserts h and reports whether it was new.
func (s *hashSet) add(h uint64) bool {
	if h == 0 {
		added := !s.hasZero
		s.hasZero = true
		return added
	}
	if s.n >= len(s.slots)/4*3 {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = h
			s.n++
			return true
		case h:
			return false
		}
	}
}

// grow doubles the table and re-inserts the hashes.
func (s *hashSet) grow() {
	old := s.slots
	s.slots = make([]uint64, max(2*len(old), hashSetMinSlots))
	s.n = 0
	for _, h := range old {
		if h != 0 {
			s.add(h)
		}
	}
}
