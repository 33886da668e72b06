package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// report is everything one invocation measured.
type report struct {
	Date     string        `json:"date"`
	Machine  machine       `json:"machine"`
	N        int           `json:"n"`
	Runs     int           `json:"runs"`
	Seed     uint64        `json:"seed"`
	Cases    []*caseResult `json:"cases"`
	RSSCheck *rssResult    `json:"rss_check,omitempty"`
	// OwnPeakRSSMB is the benchmark's own peak RSS: Linux starts a child's
	// ru_maxrss there, so no loader run can report less.
	OwnPeakRSSMB float64 `json:"bench_peak_rss_mb"`
}

// machine says where the figures come from.
type machine struct {
	CPU        string `json:"cpu"`
	CPUs       int    `json:"cpus"`
	OS         string `json:"os"`
	Go         string `json:"go"`
	PostgreSQL string `json:"postgresql"`
	SQLite     string `json:"sqlite"`
	MariaDB    string `json:"mariadb,omitempty"`
	Loader     string `json:"loader"` // loader version: the commit it was built from
}

func (m machine) String() string {
	dbs := "PostgreSQL " + m.PostgreSQL + ", SQLite " + m.SQLite
	if m.MariaDB != "" {
		dbs += ", MariaDB " + m.MariaDB
	}
	return fmt.Sprintf("%s, %d CPUs, %s; %s; %s", m.CPU, m.CPUs, m.OS, dbs, m.Loader)
}

func newReport(ctx context.Context, b *bench) *report {
	rep := &report{
		Date: time.Now().UTC().Format(time.RFC3339),
		Machine: machine{
			CPU: cpuModel(), CPUs: runtime.NumCPU(), OS: runtime.GOOS + "/" + runtime.GOARCH,
			Go: runtime.Version(), PostgreSQL: b.pg.version, SQLite: firstWord(firstLine(ctx, "sqlite3", "--version")),
			Loader: firstLine(ctx, b.cfg.loader, "version"),
		},
		N: b.cfg.n, Runs: b.cfg.runs, Seed: b.cfg.seed,
	}
	if b.my != nil {
		rep.Machine.MariaDB = b.my.version
	}
	return rep
}

// cpuModel reads the CPU's name from /proc/cpuinfo (Linux), else "unknown CPU".
func cpuModel() string {
	f, err := os.Open("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// firstLine is the first line a command prints, "unknown" if it fails.
func firstLine(ctx context.Context, name string, args ...string) string {
	out, err := exec.CommandContext(ctx, name, args...).Output() //nolint:gosec // G204: sqlite3 and the loader given by -loader
	if err != nil {
		return "unknown"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}
