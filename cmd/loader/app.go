package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/repository"
)

// defaultDatabase is the embedded warehouse used when nothing else is set.
const defaultDatabase = "sqlite://warehouse.db"

// app holds what every command shares: streams, environment, global flags.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string

	databaseFlag string
	logFormat    string
	logLevel     string
	cpuProfile   string
	log          *slog.Logger
	cleanup      func()

	// Limits on the warehouse database: flags, else environment, else
	// the repository's defaults; resolved by setup.
	connectTimeoutFlag, dbTimeoutFlag string
	connectTimeout, dbTimeout         time.Duration
}

// usageError marks errors in how the command was called (exit code 2).
type usageError struct{ error }

func usagef(format string, a ...any) error { return usageError{fmt.Errorf(format, a...)} }

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "loader",
		Short: "Load raw data into typed warehouse tables, exactly once",
		Long: `loader moves raw data (CSV/JSON files, database tables, HTTP APIs) into
typed warehouse tables through GORM models, with versioned migrations,
rejected rows kept with their reasons, and runs that resume after a crash
without losing or duplicating.

The warehouse is chosen by --database, else $LOADER_DATABASE_URL, else
sqlite://warehouse.db in the working directory.

Every call to the warehouse has a deadline: connecting (--connect-timeout,
$LOADER_CONNECT_TIMEOUT) and each query or batch transaction, its commit
included (--db-timeout, $LOADER_DB_TIMEOUT). SIGINT or SIGTERM stops a
command within seconds; a second signal stops it at once.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return a.setup() },
	}
	f := root.PersistentFlags()
	f.StringVar(&a.databaseFlag, "database", "", "warehouse URL: postgres://user@host:5432/db or sqlite://PATH (default $LOADER_DATABASE_URL, else "+defaultDatabase+")")
	f.StringVar(&a.logFormat, "log-format", "text", "log format: text or json")
	f.StringVar(&a.logLevel, "log-level", "info", "log level: debug, info, warn or error")
	f.StringVar(&a.cpuProfile, "cpu-profile", "", "write a CPU profile of the command to this file (go tool pprof)")
	f.StringVar(&a.connectTimeoutFlag, "connect-timeout", "", "give up connecting to the warehouse after this long, e.g. 10s; 0: never (default $LOADER_CONNECT_TIMEOUT, else "+repository.DefaultConnectTimeout.String()+")")
	f.StringVar(&a.dbTimeoutFlag, "db-timeout", "", "fail a query or a batch transaction, its commit included, that takes longer, e.g. 2m; 0: never (default $LOADER_DB_TIMEOUT, else "+repository.DefaultStatementTimeout.String()+")")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.versionCommand(), a.migrateCommand())
	a.addETLCommands(root)
	root.AddCommand(a.resetCommand(), a.exportCommand(), a.serveCommand())
	return root
}

func (a *app) setup() error {
	var level slog.Level
	if err := level.UnmarshalText([]byte(a.logLevel)); err != nil {
		return usagef("--log-level %q: use debug, info, warn or error", a.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch a.logFormat {
	case "json":
		a.log = slog.New(slog.NewJSONHandler(a.stderr, opts))
	case "text":
		a.log = slog.New(slog.NewTextHandler(a.stderr, opts))
	default:
		return usagef("--log-format %q: use text or json", a.logFormat)
	}
	var err error
	if a.connectTimeout, err = a.duration("connect-timeout", a.connectTimeoutFlag, repository.DefaultConnectTimeout); err != nil {
		return err
	}
	if a.dbTimeout, err = a.duration("db-timeout", a.dbTimeoutFlag, repository.DefaultStatementTimeout); err != nil {
		return err
	}
	if err := a.setupS3(); err != nil {
		return err
	}
	return a.startProfile()
}

// duration resolves the duration flag --name: its value, else the
// variable LOADER_NAME, else def. A bad value is a usage error.
func (a *app) duration(name, value string, def time.Duration) (time.Duration, error) {
	from := "--" + name
	if value == "" {
		from = "LOADER_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
		value = a.getenv(from)
	}
	if value == "" {
		return def, nil
	}
	d, err := time.ParseDuration(value)
	if err != nil || d < 0 {
		return 0, usagef("%s %q: use a duration such as 30s or 5m (0: no limit)", from, value)
	}
	return d, nil
}

// startProfile starts the CPU profile asked for with --cpu-profile; it
// stops when the command ends.
func (a *app) startProfile() error {
	if a.cpuProfile == "" {
		return nil
	}
	f, err := os.Create(a.cpuProfile)
	if err != nil {
		return fmt.Errorf("--cpu-profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return fmt.Errorf("--cpu-profile: %w", err)
	}
	a.onCleanup(func() { pprof.StopCPUProfile(); _ = f.Close() })
	return nil
}

// databaseURL returns the configured warehouse URL, parsed.
func (a *app) databaseURL() (dburl.URL, error) {
	raw := a.databaseFlag
	if raw == "" {
		raw = a.getenv("LOADER_DATABASE_URL")
	}
	if raw == "" {
		raw = defaultDatabase
	}
	return dburl.Parse(raw)
}

// openStore opens the configured warehouse; it is closed when the command ends.
func (a *app) openStore(ctx context.Context, extra ...repository.Option) (*repository.Store, error) {
	u, err := a.databaseURL()
	if err != nil {
		return nil, err
	}
	s, err := repository.Open(ctx, u.Raw(), append(a.storeOptions(), extra...)...)
	if err != nil {
		return nil, err
	}
	a.onCleanup(func() { _ = s.Close() })
	return s, nil
}

// storeOptions are the options every Store the command opens takes.
func (a *app) storeOptions() []repository.Option {
	return []repository.Option{
		repository.WithLogger(a.log),
		repository.WithConnectTimeout(a.connectTimeout),
		repository.WithStatementTimeout(a.dbTimeout),
	}
}

func (a *app) onCleanup(fn func()) {
	prev := a.cleanup
	a.cleanup = func() {
		fn()
		if prev != nil {
			prev()
		}
	}
}

// isTerminal reports whether w is an interactive terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// report prints err as one line and maps it to an exit code. The line never
// carries the warehouse URL's password, whatever a driver put in the error.
func (a *app) report(err error) int {
	if err == nil {
		return exitOK
	}
	u, _ := a.databaseURL() // an invalid URL scrubs by pattern only
	msg := u.Scrub(strings.Join(strings.Fields(err.Error()), " "))
	fmt.Fprintf(a.stderr, "loader: %s\n", msg)
	var ue usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") || strings.HasPrefix(err.Error(), "accepts ") {
		return exitUsage
	}
	return exitError
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the loader's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(a.stdout, "loader %s\n", version)
			return err
		},
	}
}
