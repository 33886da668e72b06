package repository

import (
	"context"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/models"
)

func (tx warehouseTx) AddRejects(ctx context.Context, rejects []etl.Reject) error {
	out := make([]models.LoadReject, len(rejects))
	for i, r := range rejects {
		out[i] = models.LoadReject{LoadRunID: r.RunID, Position: r.Position, Record: r.Record, Reason: r.Reason}
	}
	return tx.sess.AddRejects(ctx, out)
}

func (tx warehouseTx) UpdateRunCounts(ctx context.Context, run *etl.Run) error {
	m := loadRun(run)
	return tx.sess.UpdateRunCounts(ctx, &m)
}

func (tx warehouseTx) SaveState(ctx context.Context, st etl.State) error {
	m := models.LoadState{Pipeline: st.Pipeline, Source: st.Source, SourceOffset: st.Records, RowsLoaded: st.Loaded, LoadRunID: st.RunID}
	if st.Cursor != "" {
		c := st.Cursor
		m.Cursor = &c
	}
	return tx.sess.SaveState(ctx, m)
}

// runOf is the engine's view of a stored run.
func runOf(m models.LoadRun) etl.Run {
	return etl.Run{
		ID: m.ID, Pipeline: m.Pipeline, Status: m.Status, StartedAt: m.StartedAt, FinishedAt: m.FinishedAt,
		RowsRead: m.RowsRead, RowsLoaded: m.RowsLoaded, RowsRejected: m.RowsRejected, RowsDropped: m.RowsDropped, Error: m.Error,
	}
}

// loadRun is the stored form of an engine's run.
func loadRun(r *etl.Run) models.LoadRun {
	return models.LoadRun{
		ID: r.ID, Pipeline: r.Pipeline, Status: r.Status, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt,
		RowsRead: r.RowsRead, RowsLoaded: r.RowsLoaded, RowsRejected: r.RowsRejected, RowsDropped: r.RowsDropped, Error: r.Error,
	}
}

// stateOf is the engine's view of a stored checkpoint.
func stateOf(m models.LoadState) etl.State {
	st := etl.State{Pipeline: m.Pipeline, Source: m.Source, Records: m.SourceOffset, Loaded: m.RowsLoaded, RunID: m.LoadRunID}
	if m.Cursor != nil {
		st.Cursor = *m.Cursor
	}
	return st
}
