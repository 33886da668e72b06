package repository

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// holderName is what a lock connection calls itself in pg_stat_activity
// (application_name, at most 63 bytes), so that a refused client can tell
// a live holder from one just killed.
var holderName = nameFor(os.Getpid())

func nameFor(pid int) string {
	host, _ := os.Hostname()
	n := fmt.Sprintf("loader pid %d on %s", pid, host)
	if len(n) > 63 {
		n = n[:63]
	}
	return n
}

// shortGrace is how long a busy lock is retried when its holders cannot be
// placed (another host, another program): a killed client's backend, idle
// on its lock connection, lets go within a network round trip.
const shortGrace = 250 * time.Millisecond

// graceFor says how long to keep retrying a lock these sessions hold:
// none when one is a live process of this host, lockGrace when all are
// processes of this host that are gone (a backend about to notice), else
// shortGrace.
func graceFor(holders []string) time.Duration {
	if len(holders) == 0 {
		return shortGrace // let go between the try and the look-up
	}
	gone := 0
	for _, h := range holders {
		var pid int
		if _, err := fmt.Sscanf(h, "loader pid %d on ", &pid); err != nil || nameFor(pid) != h {
			continue // not ours, or another host
		}
		if processAlive(pid) {
			return 0
		}
		gone++
	}
	if gone == len(holders) {
		return lockGrace
	}
	return shortGrace
}

func processAlive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// listHolders lists holders for an error message.
func listHolders(holders []string) string {
	if len(holders) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(holders[:3], ", "), len(holders)-3)
	}
	return strings.Join(holders, ", ")
}
