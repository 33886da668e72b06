// Package rabbitmqsource is the rabbitmq source kind: the messages of a
// RabbitMQ queue (classic, quorum or stream), their bodies decoded as JSON
// objects, NDJSON lines or CSV lines, with the message's properties as
// columns (_message_id, _routing_key, _exchange, _timestamp,
// _redelivered, _headers). Pipeline files name it `source: {rabbitmq:
// {...}}`; Go code builds one with New.
//
// A run is bounded by default: it reads the messages the queue held when
// it started, then ends. With Follow it reads until its context is
// cancelled, and a lull of FlushInterval commits what was read.
//
// Messages are acknowledged only after the transaction holding their
// rows committed (etl.Acker): a crash before the acknowledgement leaves
// them in the queue, delivered again to the next run. Delivery is
// therefore at least once; a pipeline that upserts on a message id
// writes each message once. A stream queue (Config.Stream) is read from
// the offset the checkpoint holds: each message once, without an id.
package rabbitmqsource
