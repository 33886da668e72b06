package rabbitmqsource

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// ErrTimeout is wrapped by the error of a broker call that did not end
// within Config.Timeout (it also wraps context.DeadlineExceeded).
var ErrTimeout = errors.New("the broker did not answer in time")

// timeoutError wraps ErrTimeout and context.DeadlineExceeded.
type timeoutError struct{ after time.Duration }

func (e timeoutError) Error() string {
	return fmt.Sprintf("no answer within %v (raise timeout: if the broker is slow to answer)", e.after)
}

func (e timeoutError) Is(target error) bool {
	return target == ErrTimeout || target == context.DeadlineExceeded
}

// within runs call, which the amqp client cannot cancel, and waits for it
// at most Timeout and until ctx ends; the connection is closed if it does
// not end in time, which makes call return.
func (s *Source) within(ctx context.Context, what string, call func() error) error {
	_, err := await(ctx, s.cfg.Timeout, func() (struct{}, error) { return struct{}{}, call() }, func(struct{}) {})
	if errors.Is(err, ErrTimeout) || errors.Is(err, context.Canceled) {
		if s.conn != nil {
			_ = s.conn.Close()
		}
	}
	return s.failed(what, err)
}

// failed wraps the error of a broker call (nil: nil).
func (s *Source) failed(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("rabbitmq source %s: %s: %w", s.shown, what, s.explain(err))
}

// await runs call and waits for it at most timeout and until ctx ends;
// late receives what a call that ended after that returned.
func await[T any](ctx context.Context, timeout time.Duration, call func() (T, error), late func(T)) (T, error) {
	type result struct {
		v   T
		err error
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	done := make(chan result, 1)
	go func() {
		v, err := call()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		go func() {
			if r := <-done; r.err == nil {
				late(r.v)
			}
		}()
		var zero T
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return zero, timeoutError{timeout}
		}
		return zero, ctx.Err()
	}
}

// explain masks secrets in a broker error and says what to do about it.
func (s *Source) explain(err error) error {
	var ae *amqp.Error
	var ne net.Error
	switch {
	case errors.As(err, &ae) && ae.Code == amqp.AccessRefused:
		return fmt.Errorf("%w; check the user and password of url: (and the ${VAR} they come from) and the user's permissions on the vhost", s.scrub(err))
	case errors.As(err, &ae) && ae.Code == amqp.NotFound:
		return fmt.Errorf("%w; check queue: (the source never declares a queue) and the vhost in url", s.scrub(err))
	case errors.Is(err, ErrTimeout) || errors.Is(err, context.Canceled):
		return err
	case errors.As(err, &ne) && ne.Timeout(),
		errors.As(err, &ae) && ae.Code == amqp.FrameError && strings.Contains(ae.Reason, "i/o timeout"):
		return fmt.Errorf("%w: %w", timeoutError{s.cfg.Timeout}, s.scrub(err))
	case errors.As(err, &ne):
		return fmt.Errorf("%w; is the broker up, and are the host and port of url: right?", s.scrub(err))
	}
	return s.scrub(err)
}

// dial connects and opens the channel.
func (s *Source) dial(ctx context.Context) error {
	cfg := amqp.Config{
		// The handshake's own deadline comes after await's, whose error
		// says which setting to raise.
		Dial:            amqp.DefaultDial(s.cfg.Timeout + time.Second),
		TLSClientConfig: s.cfg.TLS,
		Properties:      amqp.Table{"connection_name": "warehouse-loader " + s.cfg.Queue},
	}
	conn, err := await(ctx, s.cfg.Timeout, func() (*amqp.Connection, error) {
		return amqp.DialConfig(s.cfg.URL, cfg)
	}, func(c *amqp.Connection) { _ = c.Close() })
	if err != nil {
		return s.failed("connecting", err)
	}
	s.conn = conn
	return s.within(ctx, "opening a channel", func() (err error) {
		s.ch, err = conn.Channel()
		return err
	})
}
