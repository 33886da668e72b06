package repository

import (
	"context"

	"gorm.io/gorm"

	"github.com/warehouse-loader/loader/models"
)

// RejectCount returns how many rejects a run stored.
func (s *Store) RejectCount(ctx context.Context, runID int64) (int64, error) {
	var n int64
	err := s.query(ctx, func(db *gorm.DB) error {
		return db.Model(&models.LoadReject{}).Where("load_run_id = ?", runID).Count(&n).Error
	})
	return n, err
}
