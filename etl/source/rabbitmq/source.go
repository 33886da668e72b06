package rabbitmqsource

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
	jsonsource "github.com/warehouse-loader/loader/etl/source/json"
)

// Source reads the messages of one queue. It implements etl.Source and
// etl.Acker; Committed may run concurrently with Next, nothing else may.
type Source struct {
	cfg      Config
	uri      amqp.URI
	shown    string // the URL without its password
	identity string
	log      *slog.Logger

	conn       *amqp.Connection
	ch         *amqp.Channel
	deliveries <-chan amqp.Delivery
	closed     chan *amqp.Error // the channel's closing, from the broker

	cols     etl.Columns
	width    int // the body's columns
	obj      *jsonsource.Objects
	derived  bool  // the body's columns are the first message's keys
	left     int64 // bounded: messages still to read; follow: -1
	n        int64 // records returned, across runs
	lastID   string
	msg      *message         // the message being read, nil between messages
	peeked   []*amqp.Delivery // received by Open, not yet read
	cpointed int64            // n when Checkpoint was last called
	acks     acks
	offsets  offsets // stream queues
}

// New returns a source reading the queue cfg names. It checks cfg (errors
// name the setting at fault); nothing is connected before Open. log (nil:
// discarded) hears of connections and of messages left unacknowledged.
func New(cfg Config, log *slog.Logger) (*Source, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	uri, err := cfg.check()
	if err != nil {
		return nil, fmt.Errorf("rabbitmq source: %w", err)
	}
	s := &Source{cfg: cfg, uri: uri, log: log}
	user := ""
	if uri.Username != "" {
		user = uri.Username + "@"
	}
	hostPort := uri.Host + ":" + strconv.Itoa(uri.Port)
	vhost := url.PathEscape(uri.Vhost)
	s.identity = fmt.Sprintf("rabbitmq:%s/%s/%s", hostPort, vhost, cfg.Queue)
	if uri.Vhost == "/" {
		vhost = "" // the default vhost, as URLs spell it
	}
	s.shown = fmt.Sprintf("%s://%s%s/%s", uri.Scheme, user, hostPort, vhost)
	return s, nil
}

// Identity is "rabbitmq:host:port/vhost/queue" (the vhost escaped: %2F
// for the default one): no credentials, so a
// changed password keeps the pipeline's checkpoint.
func (s *Source) Identity() string { return s.identity }

// Follows reports whether the source reads until its run is cancelled
// (see etl.Follower).
func (s *Source) Follows() bool { return s.cfg.Follow }

// Checkpoint counts the records returned; the cursor holds the last
// message id (and the body's columns when they are the first message's
// keys). The broker holds the queue's position, not the cursor.
func (s *Source) Checkpoint() etl.Checkpoint {
	s.cpointed = s.n
	c := cursor{LastID: s.lastID}
	if s.derived {
		c.Columns = s.cols.Names()[:s.width]
	}
	if s.cfg.Stream {
		s.offsets.mark(&c, s.msg)
	}
	return etl.Checkpoint{Records: s.n, Cursor: c.text()}
}

// Close closes the channel and the connection: the messages read and not
// acknowledged go back to the queue, for the next run.
func (s *Source) Close() error {
	if s.conn == nil {
		return nil
	}
	if n := s.acks.pending(); n > 0 {
		s.log.Info("rabbitmq: messages read but not committed go back to the queue", "queue", s.cfg.Queue, "messages", n)
	}
	s.acks.stop()
	err := s.conn.Close()
	s.conn, s.ch = nil, nil
	if err != nil && !errors.Is(err, amqp.ErrClosed) {
		return fmt.Errorf("rabbitmq source %s: closing: %w", s.shown, s.scrub(err))
	}
	return nil
}

// scrub returns err with the password and secrets masked.
func (s *Source) scrub(err error) error {
	text := redact(err.Error(), s.cfg.URL, s.cfg.Secrets)
	if text == err.Error() {
		return err
	}
	return errors.New(text)
}
