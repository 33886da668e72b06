//go:build linux

package dblock_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/warehouse-loader/loader/internal/dblock"
)

// Byte locks: readers share a byte, a writer excludes, other bytes and a
// whole-file flock are independent.
func TestLockByte(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "warehouse.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	r1, err := dblock.LockByte(ctx, path, 1<<50-1, true, false)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := dblock.LockByte(ctx, path, 1<<50-1, true, false)
	if err != nil {
		t.Fatalf("second read lock: %v", err)
	}
	if _, err := dblock.LockByte(ctx, path, 1<<50-1, false, false); !errors.Is(err, dblock.ErrBusy) {
		t.Fatalf("write lock under readers = %v, want ErrBusy", err)
	}
	other, err := dblock.LockByte(ctx, path, 1<<50, false, false)
	if err != nil {
		t.Fatalf("write lock on another byte: %v", err)
	}
	defer other()
	fl, err := dblock.Flock(ctx, path, false, false)
	if err != nil {
		t.Fatalf("flock beside byte locks: %v", err)
	}
	fl()
	r1()
	r2()
	w, err := dblock.LockByte(ctx, path, 1<<50-1, false, false)
	if err != nil {
		t.Fatalf("write lock once the readers left: %v", err)
	}
	w()
}
