package s3store

import (
	"context"
	"sync"

	"github.com/warehouse-loader/loader/etl/source"
)

// The s3:// scheme of the file sources, with the settings Configure was
// last given.
func init() {
	source.RegisterStore("s3", source.Store{
		Open: func(ctx context.Context, url string) (source.Blob, error) {
			st, err := Default(ctx)
			if err != nil {
				return nil, err
			}
			o, err := st.Open(ctx, url)
			if err != nil {
				return nil, err
			}
			return o, nil
		},
		List: func(ctx context.Context, pattern string) ([]source.Entry, error) {
			st, err := Default(ctx)
			if err != nil {
				return nil, err
			}
			return st.List(ctx, pattern)
		},
	})
}

// defaults are the settings of the s3:// scheme and the Store made of
// them, made at first use.
var defaults struct {
	sync.Mutex
	settings Settings
	store    *Store
}

// Configure sets the settings the s3:// sources use (the zero Settings
// until it is called: the SDK's standard resolution alone).
func Configure(s Settings) {
	defaults.Lock()
	defer defaults.Unlock()
	if s != defaults.settings {
		defaults.settings, defaults.store = s, nil
	}
}

// Default returns the Store of the configured settings.
func Default(ctx context.Context) (*Store, error) {
	defaults.Lock()
	defer defaults.Unlock()
	if defaults.store == nil {
		st, err := New(ctx, defaults.settings)
		if err != nil {
			return nil, err
		}
		defaults.store = st
	}
	return defaults.store, nil
}
