package repository

import "context"

// RejectCount returns how many rejects a run stored.
func (s *Store) RejectCount(ctx context.Context, runID int64) (int64, error) {
	return s.CountRejects(ctx, RejectFilter{RunID: runID})
}
