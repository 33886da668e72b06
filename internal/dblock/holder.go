package dblock

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// HolderName is what a lock connection calls itself in pg_stat_activity
// (application_name, at most 63 bytes), so that a refused client can tell
// a live holder from one just killed.
var HolderName = NameFor(os.Getpid())

// NameFor is the HolderName of process pid of this host.
func NameFor(pid int) string {
	host, _ := os.Hostname()
	n := fmt.Sprintf("loader pid %d on %s", pid, host)
	if len(n) > 63 {
		n = n[:63]
	}
	return n
}

// Grace rules for a busy lock that is not waited for.
const (
	// Grace is how long the lock keeps being retried when every holder is
	// a process of this host that is gone: its PostgreSQL backend lets go
	// of the lock a moment after it notices the closed connection.
	Grace = 3 * time.Second
	// ShortGrace is how long it is retried when its holders cannot be
	// placed (another host, another program): a killed client's backend,
	// idle on its lock connection, lets go within a network round trip.
	ShortGrace = 250 * time.Millisecond
)

// GraceFor says how long to keep retrying a lock these sessions hold:
// none when one is a live process of this host, Grace when all are
// processes of this host that are gone (a backend about to notice), else
// ShortGrace.
func GraceFor(holders []string) time.Duration {
	if len(holders) == 0 {
		return ShortGrace // let go between the try and the look-up
	}
	gone := 0
	for _, h := range holders {
		var pid int
		if _, err := fmt.Sscanf(h, "loader pid %d on ", &pid); err != nil || NameFor(pid) != h {
			continue // not ours, or another host
		}
		if processAlive(pid) {
			return 0
		}
		gone++
	}
	if gone == len(holders) {
		return Grace
	}
	return ShortGrace
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// HeldError is ErrBusy saying who holds the lock, when the database tells.
type HeldError struct{ Holders []string }

// Who lists the holders for an error message: at most three by name.
func (e *HeldError) Who() string {
	h := e.Holders
	if len(h) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(h[:3], ", "), len(h)-3)
	}
	return strings.Join(h, ", ")
}

func (e *HeldError) Error() string { return fmt.Sprintf("%v (%s)", ErrBusy, e.Who()) }
func (e *HeldError) Unwrap() error { return ErrBusy }
