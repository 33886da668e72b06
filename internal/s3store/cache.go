package s3store

// Read-ahead of an Object: a GET at an offset where the last one ended
// (a sequential read) fetches twice as much as that one did, up to
// maxBlock; any other fetches minBlock, and one near the object's end the
// last minBlock bytes (a Parquet footer and what precedes it). The
// cache keeps the maxBlocks blocks used last: at most 16 MiB per object.
const (
	minBlock  = 64 << 10
	maxBlock  = 4 << 20
	maxBlocks = 4
)

// block is bytes of the object from off on.
type block struct {
	off  int64
	data []byte
}

func (b *block) end() int64 { return b.off + int64(len(b.data)) }

// cache is the blocks an Object fetched, used last at the end.
type cache struct{ blocks []*block }

// find returns the block holding the byte at off, marking it used.
func (c *cache) find(off int64) *block {
	for i, b := range c.blocks {
		if off >= b.off && off < b.end() {
			copy(c.blocks[i:], c.blocks[i+1:])
			c.blocks[len(c.blocks)-1] = b
			return b
		}
	}
	return nil
}

// span returns the bytes to fetch for a read of want bytes at off, in an
// object of size bytes.
func (c *cache) span(off, want, size int64) (start, end int64) {
	n, sequential := int64(minBlock), false
	for _, b := range c.blocks {
		if b.end() == off {
			n, sequential = min(2*int64(len(b.data)), maxBlock), true
		}
	}
	start, end = off, min(size, off+max(want, n))
	if end-start < minBlock && !sequential {
		start = max(0, end-minBlock)
	}
	return start, end
}

// add keeps data, fetched at off, dropping the block used longest ago
// when there are too many.
func (c *cache) add(off int64, data []byte) *block {
	b := &block{off: off, data: data}
	if len(c.blocks) >= maxBlocks {
		c.blocks = c.blocks[1:]
	}
	c.blocks = append(c.blocks, b)
	return b
}
