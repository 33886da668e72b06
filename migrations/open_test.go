package migrations_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warehouse-loader/loader/internal/dbtest"
	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
)

// A SQLite file in a folder that does not exist: the migrator says so, as
// the Store does, and nothing of a server.
func TestNewSQLiteInAMissingFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "missing")
	path := filepath.Join(dir, "warehouse.db")
	u, err := dburl.Parse("sqlite://" + path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = migrations.New(context.Background(), u)
	want := "cannot create " + path + ": folder " + dir + " does not exist; create it or fix the path"
	if !errors.Is(err, migrations.ErrUnreachable) || err.Error() != want {
		t.Fatalf("New = %v\nwant %s", err, want)
	}
}

// Connections the migrator opens after New give up at the connect timeout
// when the server no longer answers new ones.
func TestLaterConnectionsHaveTheConnectTimeout(t *testing.T) {
	direct := dbtest.Postgres(t)
	g := startGate(t, direct)
	m := open(t, g.url, migrations.WithConnectTimeout(500*time.Millisecond))
	g.silence()
	done := make(chan error, 1)
	go func() { _, err := m.Up(context.Background()); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "timeout") {
			t.Fatalf("Up through a server that stopped answering = %v, want a connect timeout", err)
		}
		t.Log(err)
	case <-time.After(15 * time.Second):
		t.Fatal("Up still waits for a connection 15s later")
	}
}

// gate forwards TCP connections to a PostgreSQL server until silenced;
// the connections it accepts after that get no answer, as from a server
// that has stopped answering.
type gate struct {
	url    string
	ln     net.Listener
	mu     sync.Mutex
	silent bool
	socks  []net.Conn
}

func startGate(t *testing.T, rawURL string) *gate {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	upstream := u.Host
	u.Host = ln.Addr().String()
	g := &gate{url: u.String(), ln: ln}
	go g.serve(upstream)
	t.Cleanup(g.close)
	return g
}

func (g *gate) silence() { g.mu.Lock(); g.silent = true; g.mu.Unlock() }

func (g *gate) serve(upstream string) {
	for {
		client, err := g.ln.Accept()
		if err != nil {
			return
		}
		g.mu.Lock()
		g.socks = append(g.socks, client)
		silent := g.silent
		g.mu.Unlock()
		if !silent {
			go g.forward(client, upstream)
		}
	}
}

func (g *gate) forward(client net.Conn, upstream string) {
	server, err := net.Dial("tcp", upstream)
	if err != nil {
		_ = client.Close()
		return
	}
	g.mu.Lock()
	g.socks = append(g.socks, server)
	g.mu.Unlock()
	go func() { _, _ = io.Copy(server, client); _ = server.Close() }()
	_, _ = io.Copy(client, server)
	_ = client.Close()
}

func (g *gate) close() {
	_ = g.ln.Close()
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, c := range g.socks {
		_ = c.Close()
	}
}
