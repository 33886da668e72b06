// Package kafkasource is the kafka source kind: the messages of a Kafka
// topic's partitions, their bodies decoded as JSON objects, NDJSON lines
// or CSV lines, with the message's metadata as columns (_key,
// _partition, _offset, _timestamp, _headers, _topic). Pipeline files name
// it `source: {kafka: {...}}`; Go code builds one with New.
//
// The partitions are assigned directly, never through a consumer group,
// and no offset is committed to the broker: the checkpoint, stored in the
// warehouse in the transaction that writes the rows, holds the next
// offset of every partition. A run resumes there, so each message is
// written once, whatever instant a crash came at.
//
// A run is bounded by default: it reads up to the end offsets the
// partitions had at Open, then ends. With Follow it reads until its
// context is cancelled, and a lull of FlushInterval commits what was
// read.
package kafkasource
