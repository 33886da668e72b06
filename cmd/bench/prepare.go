package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// Why the data is prepared in a child process: Linux starts a child's
// ru_maxrss at the peak RSS of the parent that started it (the parent's
// memory is the child's until exec), so every loader run would report at
// least the benchmark's own peak. Holding a million rows for the
// pre-transform would put that peak above the loader's; in a child of its
// own, the rows never enter the benchmark's memory.

// prepareCommand is the hidden first argument that runs prepareMain.
const prepareCommand = "prepare"

// prepare runs generate in a child process (this program, prepareCommand)
// and reads the dataset it describes.
func prepare(ctx context.Context, dir, name string, n int, seed uint64, pre bool) (dataset, error) {
	d, err := inChild[dataset](ctx, prepareCommand, "-dir", dir, "-name", name, "-n", strconv.Itoa(n),
		"-seed", strconv.FormatUint(seed, 10), "-pre="+strconv.FormatBool(pre))
	if err != nil {
		return d, fmt.Errorf("preparing %d rows: %w", n, err)
	}
	return d, nil
}

// inChild runs this program with args (a hidden command first) and
// decodes the JSON it prints into a T.
func inChild[T any](ctx context.Context, args ...string) (T, error) {
	var v T
	exe, err := os.Executable()
	if err != nil {
		return v, err
	}
	cmd := exec.CommandContext(ctx, exe, args...) //nolint:gosec // G204: this very program
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err == nil {
		err = json.Unmarshal(out, &v)
	}
	return v, err
}

// prepareMain is the child: it generates the files and prints the dataset
// as JSON.
func prepareMain(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(prepareCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "folder for the files")
	name := fs.String("name", "sales", "base name of the files")
	n := fs.Int("n", 0, "raw rows")
	seed := fs.Uint64("seed", 1, "seed")
	pre := fs.Bool("pre", true, "write the pre-transformed CSV too")
	if err := fs.Parse(args); err != nil {
		return err
	}
	d, err := generate(*dir, *name, *n, *seed, *pre)
	if err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(d)
}

// ownPeakKiB is this process's peak RSS (VmHWM), the floor under every
// child's ru_maxrss; 0 when /proc is not there.
func ownPeakKiB() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kib, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kib
		}
	}
	return 0
}
