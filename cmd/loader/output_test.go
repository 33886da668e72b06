package main

import (
	"testing"
	"time"

	"github.com/warehouse-loader/loader/etl"
)

func TestProgressLine(t *testing.T) {
	tests := []struct {
		p    etl.Progress
		want string
	}{
		{etl.Progress{Pipeline: "p", Read: 500, Loaded: 490, Rejected: 10, Done: 50, Size: 100, Elapsed: 2 * time.Second},
			"p 500 rows, 490 loaded, 10 rejected, 250 rows/s [############------------]  50% ETA 2s   "},
		{etl.Progress{Pipeline: "q", Read: 10, Elapsed: time.Second}, "q 10 rows, 0 loaded, 0 rejected, 10 rows/s   "},
	}
	for _, tt := range tests {
		if got := progressLine(tt.p); got != tt.want {
			t.Errorf("progressLine = %q, want %q", got, tt.want)
		}
	}
}
