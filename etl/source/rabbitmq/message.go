package rabbitmqsource

import (
	"encoding/json"
	"fmt"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
	msgbody "github.com/warehouse-loader/loader/etl/source/message"
)

// message is a delivery being read: its body's records (one JSON object,
// NDJSON lines or CSV lines), or why it cannot be decoded.
type message struct {
	d *amqp.Delivery
	*msgbody.Body
}

// done reports whether every record of the message was returned.
func (m *message) done() bool { return m.Done() }

// read splits the delivery's body into its records.
func (s *Source) read(d *amqp.Delivery) *message {
	s.lastID = d.MessageId
	return &message{d: d, Body: msgbody.Split(s.cfg.Format, s.width, d.Body)}
}

// rejectKey names a message in the record of its reject.
type rejectKey struct {
	ID string `json:"_message_id,omitempty"`
}

// fill sets rec to the message's next record and its properties.
func (s *Source) fill(rec *etl.Record, m *message) error {
	if err := m.Fill(rec, s.obj, idOf(m.d), rejectKey{m.d.MessageId}); err != nil {
		return err
	}
	rec.Raw = appendMeta(rec.Raw, m.d)
	return nil
}

// idOf names a message in a reason: its id, or its delivery tag.
func idOf(d *amqp.Delivery) string {
	if d.MessageId != "" {
		return fmt.Sprintf("%q", d.MessageId)
	}
	return fmt.Sprintf("without id (delivery %d)", d.DeliveryTag)
}

// appendMeta appends the message properties, in metaColumns' order.
func appendMeta(row etl.Row, d *amqp.Delivery) etl.Row {
	var id, ts, headers any
	if d.MessageId != "" {
		id = d.MessageId
	}
	if !d.Timestamp.IsZero() {
		ts = d.Timestamp.UTC()
	}
	if len(d.Headers) > 0 {
		if b, err := json.Marshal(d.Headers); err == nil {
			headers = string(b)
		}
	}
	return append(row, id, d.RoutingKey, d.Exchange, ts, d.Redelivered, headers)
}
