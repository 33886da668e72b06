package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
)

func (a *app) migrateCommand() *cobra.Command {
	var (
		dir  string
		wait bool
	)
	cmd := &cobra.Command{
		Use:   "migrate",
		Short: "Version the warehouse schema (golang-migrate files embedded in the binary)",
		Long: `Apply, revert and inspect the warehouse migrations. The files are embedded in
the binary (migrations/postgres, migrations/sqlite) and are the same files the
golang-migrate CLI runs; the version lives in its schema_migrations table.
Each migration commits together with its version: one that fails, is
interrupted or is killed leaves the version where it was, clean. Schema
changes (up, down, goto, force) are refused while a pipeline run is in
progress on the warehouse, or with --wait wait for the runs to finish.`,
		Args: groupArgs,
		RunE: groupRun,
	}
	cmd.PersistentFlags().StringVar(&dir, "migrations-dir", "", "read migrations from this folder (holding postgres/ and sqlite/) instead of the embedded ones")
	cmd.PersistentFlags().BoolVar(&wait, "wait", false, "up, down, goto, force: wait for running pipeline loads to finish instead of failing")
	open := func(ctx context.Context) (*migrations.Migrator, error) { return a.openMigrator(ctx, dir, wait) }
	up, status := a.migrateUp(open), a.migrateStatus(open)
	for _, c := range []*cobra.Command{up, status} {
		c.PreRun = func(*cobra.Command, []string) {
			if dir == "" { // the embedded migrations: warn when the folder on disk has more
				a.warnNotEmbedded(defaultMigrationsDir)
			}
		}
	}
	cmd.AddCommand(
		up, a.migrateDown(open), a.migrateGoto(open),
		a.migrateVersion(open), a.migrateForce(open), status, a.migrateCheck(open),
		a.migrateNew(), a.migrateDiff(),
	)
	return cmd
}

type openMigrator func(context.Context) (*migrations.Migrator, error)

// openMigrator opens the migrator of the configured warehouse. Its schema
// changes take the warehouse lock exclusive (see repository.Store.
// LockSchemaChange), refusing while pipeline runs hold it unless wait.
func (a *app) openMigrator(ctx context.Context, dir string, wait bool) (*migrations.Migrator, error) {
	u, err := a.databaseURL()
	if err != nil {
		return nil, err
	}
	schemaLock := func(ctx context.Context) (func(), error) {
		s, err := a.openStore(ctx)
		if err != nil {
			return nil, err
		}
		return s.LockSchemaChange(ctx, wait)
	}
	opts := []migrations.Option{migrations.WithLogger(a.log), migrations.WithSchemaLock(schemaLock), migrations.WithConnectTimeout(a.connectTimeout)}
	if dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, usagef("--migrations-dir %s: not a folder; point it at the folder that holds postgres/ and sqlite/", dir)
		}
		opts = append(opts, migrations.WithFS(os.DirFS(filepath.Clean(dir))))
	}
	m, err := migrations.New(ctx, u, opts...)
	if err != nil {
		return nil, err
	}
	a.onCleanup(func() { _ = m.Close() })
	return m, nil
}

func (a *app) migrateUp(open openMigrator) *cobra.Command {
	return &cobra.Command{
		Use:   "up",
		Short: "Apply every pending migration",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.migrating(cmd.Context(), open, func(ctx context.Context, m *migrations.Migrator) (string, error) {
				n, err := m.Up(ctx)
				return fmt.Sprintf("applied %d migration(s)", n), err
			})
		},
	}
}

func (a *app) migrateDown(open openMigrator) *cobra.Command {
	return &cobra.Command{
		Use:   "down [N]",
		Short: "Revert the last N applied migrations (default 1)",
		Args:  maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 1
			if len(args) == 1 {
				v, err := strconv.Atoi(args[0])
				if err != nil || v < 1 {
					return usagef("down %q: N must be a whole number of 1 or more", args[0])
				}
				n = v
			}
			return a.migrating(cmd.Context(), open, func(ctx context.Context, m *migrations.Migrator) (string, error) {
				done, err := m.Down(ctx, n)
				return fmt.Sprintf("reverted %d migration(s)", done), err
			})
		},
	}
}

func (a *app) migrateGoto(open openMigrator) *cobra.Command {
	return &cobra.Command{
		Use:   "goto V",
		Short: "Migrate up or down to version V (0 reverts everything)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := parseVersion(args[0])
			if err != nil {
				return err
			}
			return a.migrating(cmd.Context(), open, func(ctx context.Context, m *migrations.Migrator) (string, error) {
				n, err := m.Goto(ctx, v)
				return fmt.Sprintf("ran %d migration(s)", n), err
			})
		},
	}
}

func (a *app) migrateForce(open openMigrator) *cobra.Command {
	return &cobra.Command{
		Use:   "force V",
		Short: "Record version V as current and clean without running anything (after a manual repair)",
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			v, err := parseVersion(args[0])
			if err != nil {
				return err
			}
			return a.migrating(cmd.Context(), open, func(ctx context.Context, m *migrations.Migrator) (string, error) {
				return "forced", m.Force(ctx, v)
			})
		},
	}
}

func (a *app) migrateVersion(open openMigrator) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the current schema version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.migrating(cmd.Context(), open, func(context.Context, *migrations.Migrator) (string, error) {
				return "", nil
			})
		},
	}
}

// migrating opens the migrator, runs op, and prints what op says with the
// version it left.
func (a *app) migrating(ctx context.Context, open openMigrator, op func(context.Context, *migrations.Migrator) (string, error)) error {
	m, err := open(ctx)
	if err != nil {
		return err
	}
	msg, err := op(ctx, m)
	if err != nil {
		return err
	}
	return a.printVersion(ctx, m, msg)
}

func (a *app) printVersion(ctx context.Context, m *migrations.Migrator, prefix string) error {
	v, dirty, err := m.Version(ctx)
	if err != nil {
		return err
	}
	state := ""
	if dirty {
		state = " (dirty)"
	}
	if prefix != "" {
		prefix += "; "
	}
	_, err = fmt.Fprintf(a.stdout, "%sversion %d%s\n", prefix, v, state)
	return err
}

func (a *app) migrateStatus(open openMigrator) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "List every migration as applied or pending",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			m, err := open(cmd.Context())
			if err != nil {
				return err
			}
			st, err := m.Status(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "VERSION\tNAME\tSTATUS")
			for _, s := range st {
				state := "pending"
				if s.Applied {
					state = "applied"
				}
				fmt.Fprintf(w, "%d\t%s\t%s\n", s.Version, s.Name, state)
			}
			if err := w.Flush(); err != nil {
				return err
			}
			return a.printVersion(cmd.Context(), m, "")
		},
	}
}

func (a *app) migrateCheck(open openMigrator) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Fail if the migrated schema differs from the GORM models (tables, columns, types, nullability, keys, unique indexes, foreign keys, CHECKs)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			m, err := open(ctx)
			if err != nil {
				return err
			}
			v, dirty, err := m.Version(ctx)
			if err != nil {
				return err
			}
			files := m.Files()
			if last := files[len(files)-1].Version; dirty || v != last {
				return fmt.Errorf("schema is at version %d%s but the migrations end at %d; run `loader migrate up` first", v, map[bool]string{true: " (dirty)"}[dirty], last)
			}
			return a.checkDrift(ctx)
		},
	}
}

func (a *app) checkDrift(ctx context.Context) error {
	s, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	drift, err := s.Drift(ctx, models.All()...)
	if err != nil {
		return err
	}
	for _, d := range drift {
		fmt.Fprintln(a.stdout, "drift:", d)
	}
	if len(drift) > 0 {
		return fmt.Errorf("schema drifts from the models in %d place(s), first %s; add a migration (or fix the model) so they agree", len(drift), drift[0])
	}
	_, err = fmt.Fprintf(a.stdout, "schema matches the models (%d tables)\n", len(models.All()))
	return err
}

func parseVersion(s string) (uint, error) {
	v, err := strconv.ParseUint(s, 10, 32)
	if err != nil {
		return 0, usagef("version %q: must be a whole number (0 for none)", s)
	}
	return uint(v), nil
}

func noArgs(cmd *cobra.Command, args []string) error { return exactArgs(0)(cmd, args) }

func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s takes %d argument(s), got %d; usage: %s", cmd.CommandPath(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

func maxArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) > n {
			return usagef("%s takes at most %d argument(s), got %d; usage: %s", cmd.CommandPath(), n, len(args), cmd.UseLine())
		}
		return nil
	}
}

// groupArgs and groupRun make a command group reject unknown subcommands
// (exit 2) instead of printing its help and succeeding.
func groupArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %s; see %s --help", args[0], cmd.CommandPath(), cmd.CommandPath())
	}
	return nil
}

func groupRun(cmd *cobra.Command, _ []string) error { return cmd.Help() }
