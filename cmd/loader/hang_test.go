//go:build unix

package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/models"
)

// proxy is a TCP proxy in front of a server that a test can freeze: it
// then forwards nothing in either direction and keeps every socket open,
// as a server or a network that stops answering would; a connection made
// while it is frozen is accepted and gets no server. thaw closes every
// socket (the server sees its clients go) and forwards anew.
type proxy struct {
	ln       net.Listener
	upstream string
	mu       sync.Mutex
	thawed   chan struct{} // closed while the proxy forwards
	socks    []net.Conn
}

func startProxy(t *testing.T, upstream string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, upstream: upstream, thawed: make(chan struct{})}
	close(p.thawed)
	go p.serve()
	t.Cleanup(func() { _ = ln.Close(); p.thaw() })
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

// via returns rawURL with its host replaced by the proxy's.
func (p *proxy) via(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Host = p.addr()
	return u.String()
}

func (p *proxy) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select {
	case <-p.thawed:
		p.thawed = make(chan struct{})
	default: // already frozen
	}
}

// thaw closes every socket, then forwards new connections again.
func (p *proxy) thaw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.socks {
		_ = c.Close()
	}
	p.socks = nil
	select {
	case <-p.thawed:
	default:
		close(p.thawed)
	}
}

// wait returns when the proxy forwards.
func (p *proxy) wait() {
	p.mu.Lock()
	ch := p.thawed
	p.mu.Unlock()
	<-ch
}

func (p *proxy) track(c net.Conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.socks = append(p.socks, c)
}

func (p *proxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.track(client)
		go p.link(client)
	}
}

func (p *proxy) link(client net.Conn) {
	p.wait()
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		_ = client.Close()
		return
	}
	p.track(server)
	go p.pipe(server, client)
	p.pipe(client, server)
}

// pipe copies src to dst, holding each chunk while the proxy is frozen.
func (p *proxy) pipe(dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.wait()
			if _, werr := dst.Write(buf[:n]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	_ = dst.Close()
	_ = src.Close()
}

// waitWithin waits for the process to end, failing the test unless it
// does within limit (a generous bound: the point is that it ends).
func waitWithin(t *testing.T, p *proc, limit time.Duration) result {
	t.Helper()
	select {
	case <-p.done:
		return p.wait()
	case <-time.After(limit):
		t.Fatalf("the loader still runs %s later\nstdout: %s\nstderr: %s", limit, p.stdout.String(), p.stderr.String())
		return result{}
	}
}

// A server that accepts connections and never answers: the loader gives
// up at the connect timeout, naming it, and ends promptly on SIGTERM.
func TestSilentServer(t *testing.T) {
	bin := loaderBinary(t)
	silent := startProxy(t, "127.0.0.1:1")
	silent.freeze()
	db := "postgres://" + silent.addr() + "/db"
	t.Run("connect-timeout", func(t *testing.T) {
		start := time.Now()
		r := waitWithin(t, startLoader(t, bin, nil, "runs", "--database", db, "--connect-timeout", "2s"), 15*time.Second)
		line := errLine(t, r)
		if r.code != exitError || !strings.Contains(line, "did not answer within 2s") {
			t.Fatalf("exit %d, %q: want 1 and the timeout named", r.code, line)
		}
		t.Logf("after %v: %s", time.Since(start).Round(time.Millisecond), line)
	})
	t.Run("SIGTERM", func(t *testing.T) {
		p := startLoader(t, bin, nil, "runs", "--database", db)
		time.Sleep(time.Second)
		if p.exited() {
			t.Fatalf("ended before the signal: %s", p.stderr.String())
		}
		start := time.Now()
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		r := waitWithin(t, p, 5*time.Second)
		if r.code != exitError {
			t.Fatalf("exit %d after SIGTERM, want 1: %s", r.code, r.stderr)
		}
		t.Logf("ended %v after SIGTERM: %s", time.Since(start).Round(time.Millisecond), errLine(t, r))
	})
}

// A database that freezes in the middle of a run (the proxy stops
// forwarding, sockets stay open): with --db-timeout the run ends saying
// it timed out; on SIGTERM it ends and says its end could not be
// recorded. Once the database is back, a new run loads the rest, and the
// table holds every source row exactly once.
func TestFrozenDatabase(t *testing.T) {
	const rows = 200000
	bin := loaderBinary(t)
	input := filepath.Join(t.TempDir(), "sales.csv")
	writeSales(t, input, rows)
	direct := dbtest.Postgres(t)
	env := demoEnv(t, direct)
	s := openStore(t, direct)
	px := startProxy(t, mustHost(t, direct))
	env["LOADER_DATABASE_URL"] = px.via(t, direct)
	args := []string{"run", "sales_ingest", "--input", input, "--batch-size", "1000"}
	var at int64 // the checkpoint so far

	freezeMidRun := func(t *testing.T, extra ...string) *proc {
		p := startLoader(t, bin, env, append(args, extra...)...)
		pollState(t, s, p, "sales_ingest", func(off int64) bool { return off > at }, time.Time{})
		px.freeze()
		if p.exited() {
			r := p.wait()
			t.Fatalf("the run ended before the freeze: exit %d\n%s%s", r.code, r.stdout, r.stderr)
		}
		return p
	}
	t.Run("db-timeout", func(t *testing.T) {
		start := time.Now()
		r := waitWithin(t, freezeMidRun(t, "--db-timeout", "2s"), 30*time.Second)
		line := errLine(t, r)
		if r.code != exitError || !strings.Contains(line, "did not answer within 2s") {
			t.Fatalf("exit %d, %q: want 1 and the timeout named", r.code, line)
		}
		t.Logf("ended %v after the freeze: %s", time.Since(start).Round(time.Millisecond), line)
	})
	px.thaw()
	at = stateOffset(t, s, "sales_ingest")
	t.Run("SIGTERM", func(t *testing.T) {
		p := freezeMidRun(t)
		time.Sleep(200 * time.Millisecond)
		start := time.Now()
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		r := waitWithin(t, p, 30*time.Second)
		line := errLine(t, r)
		if r.code != exitError || !strings.Contains(line, "could not record the end of run") {
			t.Fatalf("exit %d, %q: want 1, saying the end of the run could not be recorded", r.code, line)
		}
		t.Logf("ended %v after SIGTERM: %s", time.Since(start).Round(time.Millisecond), line)
	})
	px.thaw()
	r := mustRun(t, bin, env, args...)
	if !strings.Contains(r.stdout, "succeeded") {
		t.Fatalf("run after the thaw: %q", r.stdout)
	}
	sameRows(t, "sales_data against the CSV", csvRows(t, input), rawRows(t, s, true))
	runs, err := s.Runs(context.Background(), "sales_ingest", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range runs[1:] {
		if run.Status != models.RunFailed || run.FinishedAt == nil {
			t.Fatalf("a run that could not record its end must be marked failed by the next: %s", describeRuns(runs))
		}
	}
}

func mustHost(t *testing.T, rawURL string) string {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		t.Fatalf("no host in %s: %v", rawURL, err)
	}
	return u.Host
}

// A SQLite warehouse in a read-only folder says so. Root writes anywhere,
// so as root the loader runs as nobody.
func TestReadOnlySQLiteFolder(t *testing.T) {
	dir, err := os.MkdirTemp("", "loader-ro-") //nolint:usetesting // t.TempDir's parent is 0700: the nobody user must reach this folder
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	bin := filepath.Join(dir, "loader")
	copyFile(t, loaderBinary(t), bin)
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ro, "warehouse.db")
	cmd := exec.Command(bin, "runs", "--database", "sqlite://"+path)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	want := "loader: cannot create " + path + ": the folder is read-only"
	if err == nil || cmd.ProcessState.ExitCode() != exitError || strings.TrimSpace(stderr.String()) != want {
		t.Fatalf("exit %d, stderr %q; want 1 and %q", cmd.ProcessState.ExitCode(), stderr.String(), want)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	src, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = src.Close() }()
	dst, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	if err := dst.Close(); err != nil {
		t.Fatal(err)
	}
}

// The limits are validated: a bad value is a usage error (exit 2).
func TestTimeoutFlagsAreValidated(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"version", "--db-timeout", "5x"}, `--db-timeout "5x"`},
		{nil, []string{"version", "--connect-timeout", "-1s"}, `--connect-timeout "-1s"`},
		{map[string]string{"LOADER_DB_TIMEOUT": "soon"}, []string{"version"}, `LOADER_DB_TIMEOUT "soon"`},
	} {
		r := loader(t, tc.env, tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("loader %v: exit %d, %q; want 2 and %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if r := loader(t, map[string]string{"LOADER_CONNECT_TIMEOUT": "3s"}, "version", "--db-timeout", "0"); r.code != exitOK {
		t.Errorf("valid limits: exit %d, %s", r.code, r.stderr)
	}
}

// After the first signal the command's context is cancelled; a second
// signal, or the grace running out, exits at once.
func TestSignalsStopTheCommand(t *testing.T) {
	for _, tc := range []struct {
		name   string
		second bool
		grace  time.Duration
		want   string
	}{
		{"second signal", true, time.Hour, "SIGTERM again: stopping now"},
		{"grace", false, 50 * time.Millisecond, "still not stopped 50ms after the signal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sigs := make(chan os.Signal, 2)
			ctx, cancel := context.WithCancel(context.Background())
			var stderr bytes.Buffer
			exited := make(chan int, 1)
			go onSignals(sigs, cancel, &stderr, func(code int) { exited <- code }, tc.grace)
			sigs <- syscall.SIGTERM
			<-ctx.Done()
			if tc.second {
				sigs <- syscall.SIGTERM
			}
			if code := <-exited; code != exitError || !strings.Contains(stderr.String(), tc.want) {
				t.Fatalf("exit %d, %q; want 1 and %q", code, stderr.String(), tc.want)
			}
		})
	}
}
