package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/warehouse-loader/loader/repository"
)

// manifest describes an exported file; it is written next to it, as
// PATH.manifest.json.
type manifest struct {
	Table         string           `json:"table,omitempty"`
	QuerySHA256   string           `json:"query_sha256,omitempty"`
	Format        string           `json:"format"`
	Rows          int64            `json:"rows"`
	Bytes         int64            `json:"bytes"`
	SHA256        string           `json:"sha256"`
	Columns       []manifestColumn `json:"columns"`
	ExportedAt    time.Time        `json:"exported_at"`
	LoaderVersion string           `json:"loader_version"`
}

// manifestColumn is one column of the manifest: its name and the kind of
// its values (text, integer, decimal, timestamp, date, boolean, float), or
// "unknown" when the database did not say.
type manifestColumn struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func manifestColumns(cols []repository.ExportColumn) []manifestColumn {
	out := make([]manifestColumn, len(cols))
	for i, c := range cols {
		kind := c.Kind.String()
		switch {
		case !c.Known:
			kind = "unknown"
		case c.Date:
			kind = "date"
		}
		out[i] = manifestColumn{Name: c.Name, Kind: kind}
	}
	return out
}

// querySHA is the SHA-256 of query, or "" for none.
func querySHA(query string) string {
	if query == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(query))
	return hex.EncodeToString(sum[:])
}

// writeManifest writes m next to path (path + ".manifest.json"), in
// dest, atomically like the export itself.
func writeManifest(ctx context.Context, dest exportDest, path string, m manifest) error {
	m.ExportedAt, m.LoaderVersion = time.Now().UTC().Truncate(time.Second), version
	body, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	target := path + ".manifest.json"
	out, err := dest.create(ctx, target)
	if err != nil {
		return fmt.Errorf("writing the manifest: %w", err)
	}
	if _, err := out.Write(append(body, '\n')); err != nil {
		out.abort()
		return fmt.Errorf("writing the manifest %s: %w", target, err)
	}
	if err := out.commit(); err != nil {
		out.abort()
		return err
	}
	return nil
}
