package mongodbsource

import (
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// cursorText returns the key value last as a checkpoint's cursor: the
// canonical extended JSON of {"last": last}, which keeps its BSON type
// ({"$oid": ...}, {"$numberInt": ...}, {"$date": ...}). nil is "".
func cursorText(last any) string {
	if last == nil {
		return ""
	}
	b, err := bson.MarshalExtJSON(bson.D{{Key: "last", Value: last}}, true, false)
	if err != nil {
		return "" // values read from BSON always marshal back
	}
	return string(b)
}

// parseCursor returns the key value a cursor holds; "" is nil.
func parseCursor(text string) (any, error) {
	if text == "" {
		return nil, nil
	}
	var d bson.D
	if err := bson.UnmarshalExtJSON([]byte(text), true, &d); err != nil {
		return nil, fmt.Errorf("cursor %q is not a key of this source: %w", text, err)
	}
	if len(d) != 1 || d[0].Key != "last" {
		return nil, errors.New("cursor " + text + " is not a key of this source")
	}
	return d[0].Value, nil
}
