package rabbitmqsource

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warehouse-loader/loader/etl"
)

// message is a delivery being read: its records (one JSON object, NDJSON
// lines or CSV lines), or why its body cannot be decoded.
type message struct {
	d      *amqp.Delivery
	parts  [][]byte   // JSON objects
	fields [][]string // CSV records
	i      int        // records returned
	bad    string     // the reason the whole message is one reject
}

// done reports whether every record of the message was returned.
func (m *message) done() bool {
	if m.bad != "" {
		return m.i > 0
	}
	return m.i >= len(m.parts)+len(m.fields)
}

// read splits the delivery's body into its records.
func (s *Source) read(d *amqp.Delivery) *message {
	s.lastID = d.MessageId
	m := &message{d: d}
	if s.cfg.Format == FormatCSV {
		r := csv.NewReader(bytes.NewReader(d.Body))
		r.FieldsPerRecord = s.width
		recs, err := r.ReadAll()
		switch {
		case err != nil:
			m.bad = fmt.Sprintf("CSV body: %v", err)
		case len(recs) == 0:
			m.bad = "empty message body"
		}
		m.fields = recs
		return m
	}
	m.parts, m.bad = s.split(d.Body)
	return m
}

// split returns the JSON texts of a body: the body (json), or its
// non-blank lines (ndjson); or why there are none.
func (s *Source) split(body []byte) ([][]byte, string) {
	if s.cfg.Format != FormatNDJSON {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, "empty message body"
		}
		return [][]byte{body}, ""
	}
	var parts [][]byte
	for line := range bytes.Lines(body) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			parts = append(parts, line)
		}
	}
	if len(parts) == 0 {
		return nil, "empty message body"
	}
	return parts, ""
}

// fill sets rec to the message's next record and its properties.
func (s *Source) fill(rec *etl.Record, m *message) error {
	i := m.i
	m.i++
	var err error
	switch {
	case m.bad != "":
		return s.reject(rec, m, "record %d: message %s: %s", rec.N, idOf(m.d), m.bad)
	case m.fields != nil:
		rec.JSON = nil
		rec.Raw = rec.Raw[:0]
		for _, f := range m.fields[i] {
			rec.Raw = append(rec.Raw, f)
		}
	case !json.Valid(m.parts[i]):
		return s.reject(rec, m, "record %d: not valid JSON (message %s)", rec.N, idOf(m.d))
	default:
		if err = s.obj.Fill(rec, m.parts[i]); err != nil {
			return s.reject(rec, m, "%s (message %s)", err.Error(), idOf(m.d))
		}
	}
	rec.Raw = appendMeta(rec.Raw, m.d)
	return nil
}

// reject keeps the body's text in rec.Raw, and as the reject's record a
// JSON object of the message id and the body, and returns the reason.
func (s *Source) reject(rec *etl.Record, m *message, format string, a ...any) error {
	text := strings.ToValidUTF8(string(m.d.Body), "\uFFFD")
	rec.Raw = append(rec.Raw[:0], text)
	b, err := json.Marshal(struct {
		ID   string `json:"_message_id,omitempty"`
		Body string `json:"_body"`
	}{m.d.MessageId, text})
	if err != nil {
		b = nil // strings always marshal; the reject then stores rec.Raw
	}
	rec.JSON = b
	return etl.Rejectf(format, a...)
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
