package rabbitmqsource

import "encoding/json"

// cursor is what a checkpoint's Cursor holds: the id of the last message
// read, and the body's columns when they were the first message's keys,
// so that a later run that finds the queue empty still has them. The
// broker, not the cursor, holds the queue's position.
type cursor struct {
	LastID  string   `json:"last_id,omitempty"`
	Columns []string `json:"columns,omitempty"`
	// NextOffset and Skip are a stream queue's position (see offsets).
	NextOffset *int64 `json:"next_offset,omitempty"`
	Skip       int    `json:"skip,omitempty"`
}

// parseCursor reads a stored cursor; one it cannot read is empty (it only
// ever spares waiting for the columns).
func parseCursor(text string) cursor {
	var c cursor
	if json.Unmarshal([]byte(text), &c) != nil {
		return cursor{}
	}
	return c
}

// text returns the cursor as stored.
func (c cursor) text() string {
	b, err := json.Marshal(c)
	if err != nil || string(b) == "{}" {
		return ""
	}
	return string(b)
}
