package kafkasource

import (
	"encoding/json"
	"strconv"
)

// cursor is what a checkpoint's Cursor holds: the next offset of every
// partition read, keyed by the partition's number; the message a batch
// ended inside of (its offset is the partition's, and Skip says how many
// of its records were committed); and the body's columns when they were
// the first message's keys, so that a run with nothing to read still has
// them.
type cursor struct {
	Offsets map[string]int64 `json:"offsets,omitempty"`
	Skip    *skip            `json:"skip,omitempty"`
	Columns []string         `json:"columns,omitempty"`
}

// skip is a message read in part.
type skip struct {
	Partition int32 `json:"partition"`
	Offset    int64 `json:"offset"`
	Records   int   `json:"records"`
}

// parseCursor reads a stored cursor ("" is the start).
func parseCursor(text string) (cursor, error) {
	var c cursor
	if text == "" {
		return c, nil
	}
	if err := json.Unmarshal([]byte(text), &c); err != nil {
		return c, err
	}
	for k := range c.Offsets {
		if _, err := strconv.ParseInt(k, 10, 32); err != nil {
			return c, err
		}
	}
	return c, nil
}

// offsets returns the stored next offsets by partition.
func (c cursor) offsets() map[int32]int64 {
	m := make(map[int32]int64, len(c.Offsets))
	for k, off := range c.Offsets {
		p, _ := strconv.ParseInt(k, 10, 32) // checked by parseCursor
		m[int32(p)] = off
	}
	return m
}

// text returns the cursor as stored.
func (c cursor) text() string {
	b, err := json.Marshal(c)
	if err != nil || string(b) == "{}" {
		return ""
	}
	return string(b)
}

func partitionKey(p int32) string { return strconv.FormatInt(int64(p), 10) }
