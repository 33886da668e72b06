package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/repository"
)

// exportFlags are the flags of loader export.
type exportFlags struct {
	query, to, format string
	force             bool
}

func (a *app) exportCommand() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export [TABLE] --to PATH|s3://BUCKET/KEY",
		Short: "Write a table or a query's rows to a CSV, NDJSON or Parquet file, local or in S3, with a manifest",
		Long: `Write every row of a warehouse table (in primary key order) or of one
read-only query (--query) to PATH, as CSV, NDJSON or Parquet (--format,
else PATH's extension: .csv, .ndjson, .jsonl or .parquet). Rows are
streamed, so memory stays bounded whatever the table's size, and the file
appears only once complete (written to a temporary file in the same
folder, synced, renamed): a failed or interrupted export leaves no partial
file. PATH.manifest.json records the rows, bytes, SHA-256 and columns.

An s3://BUCKET/KEY destination is uploaded as it is written, in parts
($LOADER_S3_PART_SIZE MiB, default 8), and appears only once complete: a
failed or interrupted export aborts the upload. Its manifest is uploaded
next, as KEY.manifest.json. Credentials, region and endpoint come from
the AWS variables (AWS_ACCESS_KEY_ID, AWS_PROFILE, AWS_REGION, …) and
$LOADER_S3_ENDPOINT, $LOADER_S3_PATH_STYLE for S3-compatible stores.

Values are written the same from every database: decimals exact, as text;
timestamps RFC 3339 in UTC with microseconds; dates YYYY-MM-DD; booleans
true or false; NULL as an empty field in CSV (like an empty text) and as
null in NDJSON. Parquet columns are typed and OPTIONAL, so NULL stays
NULL: integers INT64, booleans BOOLEAN, floats DOUBLE, decimals
DECIMAL(p,s) (STRING when the column declares no precision and scale),
timestamps TIMESTAMP(MICROS) in UTC, dates DATE, text STRING; SNAPPY
pages in row groups of at most 131072 rows. An existing PATH is replaced
only with --force.`,
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.export(cmd.Context(), args, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.query, "query", "", "export the rows of this read-only query (one SELECT) instead of a table")
	fl.StringVar(&f.to, "to", "", "the file to write (required)")
	fl.StringVar(&f.format, "format", "", "csv, ndjson or parquet (default from the extension of --to)")
	fl.BoolVar(&f.force, "force", false, "replace PATH if it exists")
	return cmd
}

func (a *app) export(ctx context.Context, args []string, f exportFlags) error {
	q, err := exportQuery(args, f.query)
	if err != nil {
		return err
	}
	format, err := exportTarget(f)
	if err != nil {
		return err
	}
	dest, err := a.exportDestination(ctx, f.to, f.force)
	if err != nil {
		return err
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	m, err := writeExport(ctx, store, q, dest, f.to, format)
	if err != nil {
		return exportError(ctx, err, f.to)
	}
	m.Table, m.QuerySHA256 = q.Table, querySHA(f.query)
	if err := writeManifest(ctx, dest, f.to, m); err != nil {
		return err
	}
	_, err = fmt.Fprintf(a.stdout, "exported %d rows of %s to %s (%s, sha256 %s…)\n", m.Rows, exportedWhat(q), f.to, byteSize(m.Bytes), m.SHA256[:12])
	return err
}

// exportQuery is what the arguments ask to export: a table or a query.
func exportQuery(args []string, query string) (repository.ReadQuery, error) {
	switch {
	case len(args) == 1 && query != "":
		return repository.ReadQuery{}, usagef("give a TABLE or --query, not both")
	case len(args) == 1:
		return repository.ReadQuery{Table: args[0]}, nil
	case strings.TrimSpace(query) != "":
		return repository.ReadQuery{SQL: query}, nil
	}
	return repository.ReadQuery{}, usagef("name the TABLE to export, or give --query SQL; usage: loader export TABLE --to PATH")
}

// exportTarget checks --to and --force and returns the format to write.
func exportTarget(f exportFlags) (string, error) {
	switch {
	case f.to == "":
		return "", usagef("--to PATH is required: the file to write, e.g. --to out.csv")
	case strings.HasPrefix(f.to, "s3://"):
		if bucket, key, _ := strings.Cut(strings.TrimPrefix(f.to, "s3://"), "/"); bucket == "" || key == "" || strings.HasSuffix(key, "/") {
			return "", usagef("--to %s: name the object to write, s3://BUCKET/KEY, e.g. s3://my-bucket/exports/out.csv", f.to)
		}
		return exportFormat(f.format, f.to) // exportDestination looks the object up
	}
	info, err := os.Stat(f.to)
	switch {
	case err == nil && info.IsDir():
		return "", usagef("--to %s is a directory; name the file to write, e.g. %s", f.to, filepath.Join(f.to, "out.csv"))
	case err == nil && !f.force:
		return "", usagef("%s exists; pass --force to replace it, or choose another --to", f.to)
	}
	return exportFormat(f.format, f.to)
}

// exportFormat is --format, else the one the extension of path names.
func exportFormat(flag, path string) (string, error) {
	if flag != "" {
		if flag != formatCSV && flag != formatNDJSON && flag != formatParquet {
			return "", usagef("--format %q: use csv, ndjson or parquet", flag)
		}
		return flag, nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".csv":
		return formatCSV, nil
	case ".ndjson", ".jsonl":
		return formatNDJSON, nil
	case ".parquet":
		return formatParquet, nil
	}
	return "", usagef("cannot tell the format of %s from its extension: name it .csv, .ndjson, .jsonl or .parquet, or pass --format csv|ndjson|parquet", path)
}

// exportError says what went wrong, and that nothing was written.
func exportError(ctx context.Context, err error, path string) error {
	if ctx.Err() != nil {
		return fmt.Errorf("export cancelled: %s was not written", path)
	}
	if errors.Is(err, repository.ErrReadOnly) {
		return fmt.Errorf("%w; give one SELECT (or WITH … SELECT) statement", err)
	}
	if errors.Is(err, repository.ErrOneStatement) {
		return err
	}
	return fmt.Errorf("%w; %s was not written", err, path)
}

func exportedWhat(q repository.ReadQuery) string {
	if q.Table != "" {
		return q.Table
	}
	return "the query"
}

// byteSize renders n as B, KB, MB or GB (powers of 1024).
func byteSize(n int64) string {
	if n < 1024 {
		return fmt.Sprintf("%d B", n)
	}
	f, units := float64(n)/1024, []string{"KB", "MB", "GB", "TB"}
	i := 0
	for ; f >= 1024 && i < len(units)-1; i++ {
		f /= 1024
	}
	if f < 10 {
		return fmt.Sprintf("%.1f %s", f, units[i])
	}
	return fmt.Sprintf("%.0f %s", f, units[i])
}
