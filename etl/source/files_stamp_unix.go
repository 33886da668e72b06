//go:build unix

package source

import (
	"fmt"
	"io/fs"
	"syscall"
)

// stampOf tells versions of a file apart without reading it: its size,
// modification time, and the inode and change time, which also move when
// a copy keeps the modification time (cp -p, tar, rsync -t).
func stampOf(info fs.FileInfo) string {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return fmt.Sprintf("%d:%d", info.Size(), info.ModTime().UnixNano())
	}
	return fmt.Sprintf("%d:%d:%d:%d.%d", info.Size(), info.ModTime().UnixNano(), st.Ino, st.Ctim.Sec, st.Ctim.Nsec)
}
