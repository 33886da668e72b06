package etl

import (
	"context"
	"errors"
)

// Checkpoint is how far a pipeline has consumed its source. It is stored in
// load_state in the same transaction as the rows it accounts for, so a run
// resumes exactly after the last committed record.
type Checkpoint struct {
	// Records is the number of source records consumed so far.
	Records int64
	// Cursor is source-specific: a byte offset for files, the last key
	// value for SQL sources. Empty at the start.
	Cursor string
	// Trust tells Open to resume at the cursor even when the source's
	// content no longer matches the checkpoint's fingerprint (the user
	// said so: loader run --resume).
	Trust bool
}

// ErrSourceChanged is wrapped by the error a run stops with when the
// stored checkpoint does not fit the source any more: a file whose
// committed bytes were edited or that is another file, a SQL source that
// reads another table or database. Sources wrap it in Open's error; the
// runner when the identities differ. Nothing was written: the user
// chooses between reading the source from its start (Runner.Resume =
// FullRefresh) and resuming at the checkpoint anyway (ResumeAnyway).
var ErrSourceChanged = errors.New("the source no longer matches the pipeline's checkpoint")

// Source yields the records of one input, in a stable order.
type Source interface {
	// Identity names what the source reads: its kind for files (a
	// checkpoint carries the content fingerprint that tells whether it
	// fits), the database, table or query and key for SQL. A stored
	// checkpoint of another identity does not fit (ErrSourceChanged).
	Identity() string
	// Open prepares reading from the checkpoint (zero: from the start) and
	// returns the columns of the records. A checkpoint that does not fit
	// the source gives an error wrapping ErrSourceChanged.
	Open(ctx context.Context, from Checkpoint) (Columns, error)
	// Next fills rec with the next record, reusing rec.Raw's storage, and
	// sets rec.N, rec.Line or rec.Key; it leaves rec.Row alone (the runner
	// copies Raw into Row before the steps). It returns io.EOF after the
	// last record, and a *RejectError for a record that was read but does
	// not fit (rec.Raw then holds what was read). Malformed input (an unterminated quote, truncated JSON)
	// returns an error that names the file, the line and the cause.
	Next(ctx context.Context, rec *Record) error
	// Checkpoint returns the position just after the last record Next
	// returned.
	Checkpoint() Checkpoint
	Close() error
}

// Adopter is implemented by sources whose Identity changed form between
// loader versions: Adopts reports whether an identity stored by an older
// version names this very source, so its checkpoint is resumed (trusted:
// older checkpoints carry no content fingerprint).
type Adopter interface {
	Adopts(stored string) bool
}

// Failer is implemented by sources that can find, when Checkpoint is
// called, that their input changed under the run: Err then returns why,
// and the batch that checkpoint closes is not written.
type Failer interface {
	Err() error
}

// Fingerprinted is implemented by sources whose checkpoints prove the
// records before them unchanged when they fit (a file's content
// fingerprint), unlike a key cursor, which says nothing of rows updated
// or deleted behind it. A replace-mode rerun of such a source with
// nothing past its last swap has nothing to do.
type Fingerprinted interface {
	Fingerprinted() bool
}

// Acker is implemented by sources that must hear when a checkpoint is
// committed: a message broker acknowledges messages only once their rows
// are in the warehouse, so a crash before the acknowledgement redelivers
// them instead of losing them. Committed is called after the transaction
// holding cp committed (never on a dry run), from another goroutine than
// Next's, possibly while Next runs. An error ends the run; the rows stay
// committed and what was not acknowledged is delivered again.
type Acker interface {
	Committed(ctx context.Context, cp Checkpoint) error
}

// Follower is implemented by sources that can follow a stream: read
// until the run is cancelled (SIGINT, SIGTERM) instead of ending with
// what was there when they opened. Follows reports whether this one
// does; a run asked to follow (loader run --follow) refuses a source that
// does not.
type Follower interface {
	Follows() bool
}

// ErrFlush is returned by Next (perhaps wrapped) when a source that
// follows a stream has had nothing new for a while (its flush interval):
// the records read since the last batch are committed now, so a quiet
// stream still lands within seconds, and reading goes on.
var ErrFlush = errors.New("nothing new for the flush interval")

// Sized is implemented by sources that know their total size, so progress
// can show an ETA. Units are the source's own (bytes for files). Done may be
// called concurrently with Next.
type Sized interface {
	Size() int64
	Done() int64
}
