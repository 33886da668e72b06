// Package message decodes the bodies of broker messages into records,
// for the sources that read brokers (rabbitmq, kafka): one JSON object
// per message, one per NDJSON line, or CSV lines of known columns. A body
// that cannot be decoded is a reject carrying its raw text.
package message
