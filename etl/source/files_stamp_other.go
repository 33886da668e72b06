//go:build !unix

package source

import (
	"fmt"
	"io/fs"
)

// stampOf tells versions of a file apart without reading it: its size and
// modification time.
func stampOf(info fs.FileInfo) string {
	return fmt.Sprintf("%d:%d", info.Size(), info.ModTime().UnixNano())
}
