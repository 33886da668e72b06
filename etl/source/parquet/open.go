package parquetsource

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/parquet-go/parquet-go"
	"github.com/zeebo/xxh3"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// magic starts and ends every Parquet file (unencrypted footer).
const magic = "PAR1"

// Open reads the file's footer and, for a non-zero checkpoint, checks
// that it fits the file (same size, footer and columns) and moves to its
// row group and row. It returns the columns. The file is closed when any
// of it fails.
func (s *Parquet) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	if err := ctx.Err(); err != nil {
		return etl.Columns{}, err
	}
	at, err := parseCursor(from)
	if err != nil {
		return etl.Columns{}, fmt.Errorf("source %s: %w", s.path, err)
	}
	_ = s.Close()
	if err := s.open(ctx); err != nil {
		_ = s.Close()
		return etl.Columns{}, err
	}
	if from.Cursor != "" {
		if err := fits(at, from.Records, s.pos.sum, s.pos.cols, s.groupRows(), from.Trust); err != nil {
			_ = s.Close()
			return etl.Columns{}, fmt.Errorf("source %s: %w", s.path, err)
		}
		s.pos.group, s.pos.row, s.n = at.group, at.row, from.Records
		s.done.Store(s.n)
	}
	return s.cols, nil
}

// remoteReadBuffer is the read buffer of each column of an object in a
// store: parquet-go's default (4 KiB) would make one ranged GET of each
// of its pages.
const remoteReadBuffer = 256 << 10

// open opens the file, checks its magic, fingerprints its footer, reads
// its schema and row groups and sets the columns: the source is at the
// first row. The reads of an object in a store are bound to ctx.
func (s *Parquet) open(ctx context.Context) error {
	f, err := source.OpenBlob(ctx, s.abs)
	if err != nil {
		return err
	}
	s.f = f
	if s.info, err = f.Stat(); err != nil {
		return fmt.Errorf("source %s: %w", s.path, err)
	}
	sum, err := s.fingerprint()
	if err != nil {
		return err
	}
	opts := []parquet.FileOption{parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true)}
	if source.IsRemote(s.abs) {
		opts = append(opts, parquet.ReadBufferSize(remoteReadBuffer))
	}
	pf, err := parquet.OpenFile(f, s.info.Size, opts...)
	if err != nil {
		return &formatError{msg: fmt.Sprintf("%s: its footer (the file metadata) cannot be read (%v): the file is damaged or was cut short; copy or export it again", s.path, err), notParquet: true, err: err}
	}
	if err := s.setColumns(pf.Schema()); err != nil {
		return fmt.Errorf("source %s: %w", s.path, err)
	}
	s.groups, s.total = pf.RowGroups(), pf.NumRows()
	s.pos = cursor{cols: columnsHash(s.cols.Names()), sum: sum}
	s.n, s.err, s.failed = 0, nil, nil
	s.done.Store(0)
	return nil
}

// fingerprint checks the magic at both ends of the file and returns its
// size and the XXH3 hash of its footer: what a checkpoint carries to tell
// the file it was taken on from a rewritten one.
func (s *Parquet) fingerprint() (string, error) {
	size := s.info.Size
	head := make([]byte, 4)
	if _, err := s.f.ReadAt(head, 0); err != nil || string(head) != magic {
		return "", &formatError{msg: s.path + " is not a Parquet file (no PAR1 magic at its start); check the path, or read the file with the source of its format (csv, json)", notParquet: true}
	}
	tail := make([]byte, 8)
	if size < 12 {
		return "", s.truncated(size)
	}
	if _, err := s.f.ReadAt(tail, size-8); err != nil || string(tail[4:]) != magic {
		return "", s.truncated(size)
	}
	n := int64(binary.LittleEndian.Uint32(tail))
	if n > size-12 {
		return "", s.truncated(size)
	}
	footer := make([]byte, n)
	if _, err := s.f.ReadAt(footer, size-8-n); err != nil {
		return "", fmt.Errorf("reading the footer of %s: %w", s.path, err)
	}
	h := xxh3.Hash128(footer).Bytes()
	return fmt.Sprintf("%d-%s", size, hex.EncodeToString(h[:])), nil
}

// truncated is the error for a file that starts like Parquet but has no
// complete footer.
func (s *Parquet) truncated(size int64) error {
	return &formatError{msg: fmt.Sprintf("%s is not a complete Parquet file (no PAR1 magic and footer at its end, %d bytes): it was cut short or is still being written; wait for the writer to finish, or copy it again", s.path, size), notParquet: true}
}

// groupRows returns the row count of every row group.
func (s *Parquet) groupRows() []int64 {
	rows := make([]int64, len(s.groups))
	for i, g := range s.groups {
		rows[i] = g.NumRows()
	}
	return rows
}
