package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/warehouse-loader/loader/repository"
)

// formatNDJSON is the export format of one JSON object per line.
const formatNDJSON = "ndjson"

// rowWriter writes an export's rows in one format.
type rowWriter interface {
	head(cols []repository.ExportColumn) error
	row(cells []repository.Cell) error
	flush() error
}

// checkEvery is how many rows pass between checks for cancellation.
const checkEvery = 1024

// writeExport streams q's rows in format to path, a file of dest: the
// file appears only once complete. On any error, cancellation included,
// nothing is left at path.
func writeExport(ctx context.Context, store *repository.Store, q repository.ReadQuery, dest exportDest, path, format string) (manifest, error) {
	out, err := dest.create(ctx, path)
	if err != nil {
		return manifest{}, fmt.Errorf("creating the export file: %w", err)
	}
	keep := false
	defer func() {
		if !keep {
			out.abort()
		}
	}()
	sum := &countingHash{Hash: sha256.New()}
	buf := bufio.NewWriterSize(io.MultiWriter(out, sum), 256<<10)
	w := newRowWriter(format, buf)
	m := manifest{Format: format}
	err = store.Export(ctx, q, func(cols []repository.ExportColumn) error {
		m.Columns = manifestColumns(cols)
		return w.head(cols)
	}, func(cells []repository.Cell) error {
		if m.Rows++; m.Rows%checkEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		return w.row(cells)
	})
	if err == nil {
		err = finish(w, buf, out, path)
	}
	if err != nil {
		return manifest{}, err
	}
	keep = true
	m.Bytes, m.SHA256 = sum.n, hex.EncodeToString(sum.Sum(nil))
	return m, nil
}

// finish flushes the rows and puts the file in place.
func finish(w rowWriter, buf *bufio.Writer, out exportFile, path string) error {
	if err := w.flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := buf.Flush(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return out.commit()
}

// commitFile syncs and closes tmp, renames it to path and syncs the
// folder, so that path is either the whole new file or untouched.
func commitFile(tmp *os.File, path string) error {
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("renaming the export to %s: %w", path, err)
	}
	if dir, err := os.Open(filepath.Dir(path)); err == nil {
		_ = dir.Sync() // where the platform allows it
		_ = dir.Close()
	}
	return nil
}

// countingHash is a hash that counts the bytes written to it.
type countingHash struct {
	hash.Hash
	n int64
}

func (c *countingHash) Write(p []byte) (int, error) {
	c.n += int64(len(p))
	return c.Hash.Write(p)
}
