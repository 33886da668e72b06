package httpsource

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
	"github.com/warehouse-loader/loader/internal/httpclient"
)

// Source reads the records of an API, page after page, one page ahead
// of the records it returns. It implements etl.Source; it is not safe
// for concurrent use.
type Source struct {
	cfg      Config
	by       string
	base     *url.URL
	header   http.Header
	client   *httpclient.Client
	log      *slog.Logger
	identity string
	lag      lag

	cols    etl.Columns
	derived bool // the columns are the first record's keys
	obj     *jsonsource.Objects
	inc     *incremental
	page    *page // the page being read; nil before Open
	i       int   // records of page consumed
	n       int64 // records returned, across runs
	done    bool  // Next returned io.EOF
	err     error // the error reading stopped with
	failed  error // why the last checkpoint cannot be stored
	keep    *etl.Checkpoint
	pages   chan *page // read ahead; closed after the last page
	reader  *pager     // fills pages
	cancel  context.CancelFunc
}

// New returns a source reading the API cfg describes with client. It
// checks cfg (errors name the setting at fault); log (nil: discarded)
// receives why a pagination stopped early and what an incremental run
// skipped.
func New(cfg Config, client *httpclient.Client, log *slog.Logger) (*Source, error) {
	if client == nil {
		return nil, errors.New("http source: no HTTP client")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	base, by, err := check(&cfg)
	if err != nil {
		return nil, fmt.Errorf("http source: %w", err)
	}
	s := &Source{cfg: cfg, by: by, base: base, header: headers(cfg), client: client, log: log}
	if cfg.Cursor != nil {
		s.lag, _ = parseLag(cfg.Cursor.Lag) // checked
	}
	s.identity = s.identityText()
	return s, nil
}

// Identity is "http:" and the method, the URL with its parameters
// (sorted; a secret parameter as name=#hash of its value), a hash of the
// body and the records path. Headers, authentication and pagination are
// not part of it.
func (s *Source) Identity() string { return s.identity }

// Close stops reading ahead and waits for the reader to end.
func (s *Source) Close() error {
	if s.cancel != nil {
		s.cancel()
		for range s.pages {
		}
		s.cancel, s.pages = nil, nil
	}
	return nil
}
