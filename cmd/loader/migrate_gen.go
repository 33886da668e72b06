package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/internal/dburl"
	"github.com/warehouse-loader/loader/migrations"
	"github.com/warehouse-loader/loader/models"
	"github.com/warehouse-loader/loader/repository"
	"github.com/warehouse-loader/loader/repository/drivers"
)

// migrationName is what `migrate new` and `migrate diff` take as NAME.
var migrationName = regexp.MustCompile(`^[a-z0-9_]+$`)

// The folder `migrate new` and `migrate diff` write in: the source tree's
// migrations/, whose files the next build embeds.
const defaultMigrationsDir = "migrations"

func checkMigrationName(name string) error {
	if !migrationName.MatchString(name) {
		return usagef("migration name %q is not snake_case; use lower-case letters, digits and underscores (e.g. add_discount)", name)
	}
	return nil
}

func (a *app) migrateNew() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "new NAME",
		Short: "Write an empty up/down migration pair for every database at the next version",
		Long: `Write NNNN_NAME.up.sql and NNNN_NAME.down.sql, each holding a one-line
comment, into every database's folder of the migrations folder on disk
(--dir, default migrations), at the next version free in all of them, and
print their paths. Fill them in, rebuild the loader to embed them, then run
` + "`loader migrate up`" + ` and ` + "`loader migrate check`" + `.`,
		Args: exactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := checkMigrationName(args[0]); err != nil {
				return err
			}
			files := map[string]migrations.Pair{}
			for _, d := range drivers.All() {
				files[d.Dir()] = migrations.Pair{
					Up:   fmt.Sprintf("-- %s (%s): the statements that change the schema.\n", args[0], d.Name()),
					Down: fmt.Sprintf("-- %s (%s): the statements that undo the up migration.\n", args[0], d.Name()),
				}
			}
			return a.writeMigration(dir, args[0], files)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", defaultMigrationsDir, "the migrations folder to write in (holding postgres/, sqlite/, mysql/)")
	return cmd
}

func (a *app) migrateDiff() *cobra.Command {
	var dir string
	cmd := &cobra.Command{
		Use:   "diff NAME",
		Short: "Write the migration that brings the migrations on disk to the models compiled in",
		Long: `Compare the models compiled into the loader with the schema the migration
files on disk (--dir, default migrations) produce, and write the difference
as migration NAME for every database: created and dropped tables, added and
dropped columns, type and nullability changes, indexes. The files of the
sqlite folder are applied to a scratch SQLite database (a temporary file),
which stands for every database: the difference is model-level, and each
database's SQL is rendered from the models by its driver.

What cannot be written safely is written as a comment and named on stderr:
a column dropped while another is added in the same table may be a rename,
so its DROP is commented out; a type change that may lose data is flagged;
keys and constraints the models and the files disagree on are left to write
by hand. Review the files, rebuild the loader to embed them, then run
` + "`loader migrate up`" + ` and ` + "`loader migrate check`" + `.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkMigrationName(args[0]); err != nil {
				return err
			}
			m, err := a.diffMigrations(cmd.Context(), dir)
			if err != nil {
				return err
			}
			if m.Empty() {
				a.warnNotEmbedded(dir)
				_, err := fmt.Fprintln(a.stdout, "Nothing to do: the migrations match the models")
				return err
			}
			for _, w := range m.Warnings {
				fmt.Fprintln(a.stderr, "warning:", w)
			}
			header := "-- Written by `loader migrate diff " + args[0] + "` from the models: review it before applying.\n"
			files := map[string]migrations.Pair{}
			for _, d := range drivers.All() {
				files[d.Dir()] = migrations.Pair{Up: header + m.Up[d.Name()], Down: header + m.Down[d.Name()]}
			}
			return a.writeMigration(dir, args[0], files)
		},
	}
	cmd.Flags().StringVar(&dir, "dir", defaultMigrationsDir, "the migrations folder to compare and write in (holding postgres/, sqlite/, mysql/)")
	return cmd
}

// diffMigrations applies the sqlite folder of dir to a scratch SQLite
// database and compares the models with it.
func (a *app) diffMigrations(ctx context.Context, dir string) (repository.Migration, error) {
	fsys := os.DirFS(filepath.Clean(dir))
	if _, err := migrations.ReadFiles(fsys, "sqlite"); err != nil {
		return repository.Migration{}, fmt.Errorf("--dir %s: %w; point --dir at the folder holding postgres/, sqlite/ and mysql/", dir, err)
	}
	scratch, err := os.MkdirTemp("", "loader-diff-")
	if err != nil {
		return repository.Migration{}, fmt.Errorf("creating the scratch database: %w", err)
	}
	defer func() { _ = os.RemoveAll(scratch) }()
	raw := "sqlite://" + filepath.Join(scratch, "scratch.db")
	u, err := dburl.Parse(raw)
	if err != nil {
		return repository.Migration{}, err
	}
	mg, err := migrations.New(ctx, u, migrations.WithFS(fsys))
	if err != nil {
		return repository.Migration{}, err
	}
	_, err = mg.Up(ctx)
	if cerr := mg.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return repository.Migration{}, fmt.Errorf("applying %s/sqlite to a scratch database: %w", dir, err)
	}
	s, err := repository.Open(ctx, raw)
	if err != nil {
		return repository.Migration{}, err
	}
	defer func() { _ = s.Close() }()
	return s.DiffSQL(ctx, models.All()...)
}

// writeMigration writes files as the next migration in dir, prints the
// paths and a reminder to rebuild, and warns of other migrations the
// binary lacks.
func (a *app) writeMigration(dir, name string, files map[string]migrations.Pair) error {
	v, paths, err := migrations.WriteNext(dir, name, files)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(a.stdout, p)
	}
	a.warnNotEmbedded(dir, fmt.Sprintf("%04d_%s", v, name))
	_, err = fmt.Fprintln(a.stdout, "next: "+rebuildReminder)
	return err
}
