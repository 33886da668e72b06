package mongodbsource

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/warehouse-loader/loader/etl"
	"github.com/warehouse-loader/loader/etl/source"
)

// Source reads the documents of one collection in key order. It
// implements etl.Source; its methods must not be called concurrently.
type Source struct {
	cfg      Config
	q        query
	identity string
	log      *slog.Logger

	client *mongo.Client
	coll   *mongo.Collection
	cols   etl.Columns
	paths  [][]string // the columns' paths, split at the dots

	page  []bson.Raw // the documents of the page being read
	i     int        // documents of page returned
	ahead *source.ReadAhead[bson.Raw]
	n     int64 // records returned, across runs
	last  any   // the key of the last document returned, nil at the start
}

// New returns a source reading the collection cfg names. It checks cfg
// (errors name the setting at fault); nothing is connected before Open.
// log (nil: discarded) hears of connections.
func New(cfg Config, log *slog.Logger) (*Source, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	q, err := cfg.check()
	if err != nil {
		return nil, fmt.Errorf("mongodb source: %w", err)
	}
	s := &Source{cfg: cfg, q: q, log: log}
	s.identity = fmt.Sprintf("mongodb:%s/%s.%s by %s", q.hosts, cfg.Database, cfg.Collection, cfg.Key)
	if q.filterSum != "" {
		s.identity += " filter " + q.filterSum
	}
	for _, c := range cfg.Columns {
		s.paths = append(s.paths, strings.Split(c, "."))
	}
	return s, nil
}

// Identity is "mongodb:host:port/database.collection by key", followed by
// " filter <hash>" when a filter is set: no credentials, so a changed
// password keeps the pipeline's checkpoint, while another filter or key
// does not fit it.
func (s *Source) Identity() string { return s.identity }

// Open connects, checks the server answers within the timeout, reads
// the first page after the checkpoint's key and starts reading the
// following ones ahead: while the documents of one page are transformed,
// the next is being read. The columns are Columns, then Rest when set.
func (s *Source) Open(ctx context.Context, from etl.Checkpoint) (etl.Columns, error) {
	if s.client != nil {
		return etl.Columns{}, errors.New("mongodb source: Open called twice")
	}
	last, err := parseCursor(from.Cursor)
	if err != nil {
		return etl.Columns{}, fmt.Errorf("mongodb source %s: %w: %w", s.identity, etl.ErrSourceChanged, err)
	}
	names := append([]string(nil), s.cfg.Columns...)
	if s.cfg.Rest != "" {
		names = append(names, s.cfg.Rest)
	}
	if s.cols, err = etl.NewColumns(names...); err != nil {
		return etl.Columns{}, fmt.Errorf("mongodb source: columns: %w", err)
	}
	s.n, s.last, s.i = from.Records, last, 0
	if err := s.connect(ctx); err != nil {
		return etl.Columns{}, err
	}
	if s.page, err = s.fetch(ctx, last); err != nil {
		_ = s.Close()
		return etl.Columns{}, err
	}
	s.ahead = source.StartReadAhead(ctx, s.page, s.cfg.PageSize, s.after)
	return s.cols, nil
}

// after reads the page after the documents prev.
func (s *Source) after(ctx context.Context, prev []bson.Raw) ([]bson.Raw, error) {
	last, err := keyOf(prev[len(prev)-1], s.cfg.Key)
	if err != nil {
		return nil, fmt.Errorf("mongodb source %s: %w", s.identity, err)
	}
	return s.fetch(ctx, last)
}

// keyOf returns the value of the key field of doc.
func keyOf(doc bson.Raw, key string) (any, error) {
	kv, err := doc.LookupErr(key)
	if err != nil {
		return nil, fmt.Errorf("a document has no key field %s", key)
	}
	var v any
	if err := kv.Unmarshal(&v); err != nil {
		return nil, fmt.Errorf("key %s: %w", key, err)
	}
	return v, nil
}

// connect opens the client and pings the server.
func (s *Source) connect(ctx context.Context) error {
	opts := options.Client().ApplyURI(s.cfg.URI).
		SetConnectTimeout(s.cfg.Timeout).
		SetServerSelectionTimeout(s.cfg.Timeout).
		SetTimeout(s.cfg.Timeout)
	client, err := mongo.Connect(opts)
	if err != nil {
		return s.fail("connecting", err)
	}
	pctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	if err := client.Ping(pctx, nil); err != nil {
		_ = client.Disconnect(context.WithoutCancel(pctx))
		return s.fail("connecting", s.deadline(ctx, pctx, err))
	}
	s.client = client
	s.coll = client.Database(s.cfg.Database).Collection(s.cfg.Collection)
	s.log.Debug("mongodb: connected", "source", s.identity)
	return nil
}

// fetch reads the page of documents after the key last (nil: from the
// first).
func (s *Source) fetch(ctx context.Context, last any) ([]bson.Raw, error) {
	after := bson.D{{Key: s.cfg.Key, Value: bson.D{{Key: "$exists", Value: true}, {Key: "$ne", Value: nil}}}}
	if last != nil {
		after = bson.D{{Key: s.cfg.Key, Value: bson.D{{Key: "$gt", Value: last}}}}
	}
	filter := after
	if len(s.q.filter) > 0 {
		filter = bson.D{{Key: "$and", Value: bson.A{s.q.filter, after}}}
	}
	opts := options.Find().SetSort(bson.D{{Key: s.cfg.Key, Value: 1}}).SetLimit(int64(s.cfg.PageSize))
	if len(s.q.projection) > 0 {
		opts.SetProjection(s.q.projection)
	}
	fctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	cur, err := s.coll.Find(fctx, filter, opts)
	if err != nil {
		return nil, s.fail("reading", s.deadline(ctx, fctx, err))
	}
	var docs []bson.Raw
	if err := cur.All(fctx, &docs); err != nil {
		return nil, s.fail("reading", s.deadline(ctx, fctx, err))
	}
	return docs, nil
}

// Next fills rec with the next document's columns. It returns io.EOF after
// the last document, and a *etl.RejectError for a document whose key is
// missing; rec.JSON then holds the document as relaxed extended JSON.
func (s *Source) Next(ctx context.Context, rec *etl.Record) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for s.i >= len(s.page) {
		docs, err := s.ahead.Next(ctx)
		if err != nil {
			return err
		}
		s.page, s.i = docs, 0
	}
	doc := s.page[s.i]
	s.i++
	s.n++
	rec.N, rec.Line = s.n, 0
	rec.JSON = docJSON(doc)
	key, err := keyOf(doc, s.cfg.Key)
	if err != nil {
		rec.Key, rec.Raw = "", rec.Raw[:0]
		return etl.Rejectf("record %d: %s", rec.N, err.Error())
	}
	s.last = key
	rec.Key = keyText(doc.Lookup(s.cfg.Key))
	rec.Raw = s.fill(rec.Raw[:0], doc)
	return nil
}

// Checkpoint counts the documents returned; the cursor is the last key,
// as canonical extended JSON.
func (s *Source) Checkpoint() etl.Checkpoint {
	return etl.Checkpoint{Records: s.n, Cursor: cursorText(s.last)}
}

// Close stops reading ahead, waits for the reader to end, and
// disconnects.
func (s *Source) Close() error {
	s.ahead.Stop()
	s.ahead = nil
	if s.client == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.Timeout)
	defer cancel()
	err := s.client.Disconnect(ctx)
	s.client, s.coll = nil, nil
	if err != nil {
		return s.fail("closing", err)
	}
	return nil
}

// deadline names an expired deadline of inner that is not the caller's
// (ctx's): the server did not answer within the timeout.
func (s *Source) deadline(ctx, inner context.Context, err error) error {
	if ctx.Err() == nil && errors.Is(inner.Err(), context.DeadlineExceeded) || mongo.IsTimeout(err) && ctx.Err() == nil {
		return fmt.Errorf("no answer within timeout %s (is the server up and the uri right?): %w", s.cfg.Timeout, err)
	}
	return err
}

// fail wraps err with what was being done, the password and secrets
// masked.
func (s *Source) fail(doing string, err error) error {
	text := redact(err.Error(), s.cfg.URI, s.cfg.Secrets)
	if text != err.Error() {
		err = errors.New(text)
	}
	return fmt.Errorf("mongodb source %s: %s: %w", s.identity, doing, err)
}
