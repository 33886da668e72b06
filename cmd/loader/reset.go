package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/warehouse-loader/loader/repository"
)

func (a *app) resetCommand() *cobra.Command {
	var file string
	var truncate bool
	cmd := &cobra.Command{
		Use:   "reset PIPELINE",
		Short: "Remove a pipeline's checkpoint so its next run starts from the first record",
		Long: `Remove the pipeline's checkpoint (and the record of which run owns it), so
its next run reads the source from its first record. With --truncate, the
pipeline's target table is emptied too, in the same transaction. The runs
and rejects history is kept. Refused while a run of the pipeline is in
progress.`,
		Args: exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.reset(cmd.Context(), args[0], file, truncate) },
	}
	cmd.Flags().StringVar(&file, "file", "", "pipeline file (default $LOADER_PIPELINES, else "+defaultPipelines+")")
	cmd.Flags().BoolVar(&truncate, "truncate", false, "also delete every row of the pipeline's target table")
	return cmd
}

func (a *app) reset(ctx context.Context, name, file string, truncate bool) error {
	sf, err := a.loadPipelines(file)
	if err != nil {
		return err
	}
	ps, ok := sf.Pipelines[name]
	if !ok {
		return fmt.Errorf("no pipeline %s in %s; it has: %v", name, sf.Path, sf.Names())
	}
	store, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	target := ""
	if truncate {
		target = ps.Target
	}
	res, err := store.ResetPipeline(ctx, name, target)
	if errors.Is(err, repository.ErrLocked) {
		return fmt.Errorf("%w; a run of %s is in progress: reset it once that run ends", err, name)
	}
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(a.stdout, resetLine(name, res, target)); err != nil {
		return err
	}
	if !truncate && (ps.Mode == "" || ps.Mode == "append") {
		_, err = fmt.Fprintf(a.stdout, "note: %s appends, so its next run adds every record again next to the rows %s holds; reset with --truncate to empty it first\n", name, ps.Target)
	}
	return err
}

// resetLine says what a reset did.
func resetLine(name string, res repository.Reset, truncated string) string {
	line := fmt.Sprintf("reset %s: no checkpoint to remove", name)
	switch {
	case res.Files > 0:
		line = fmt.Sprintf("reset %s: the checkpoints of its %d files removed", name, res.Files)
	case res.Found:
		line = fmt.Sprintf("reset %s: checkpoint at record %d removed", name, res.Checkpoint.SourceOffset)
	}
	if truncated != "" {
		line += fmt.Sprintf("; %s truncated (%d rows)", truncated, res.Truncated)
	}
	return line
}
