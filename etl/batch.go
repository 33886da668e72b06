package etl

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// batch is a set of rows written in one transaction, with the rejects and
// the source checkpoint that go with them. Batches circulate between the
// producer and the writer, so row storage is reused.
type batch struct {
	slots   [][]any  // row storage; rows = slots[:n]
	origins []origin // where each row came from, for rejects the database causes
	n       int
	rejects []Reject
	read    int64
	dropped int64
	cp      Checkpoint
	eof     bool
	err     error
}

func newBatch(size, width int) *batch {
	b := &batch{slots: make([][]any, size), origins: make([]origin, size)}
	for i := range b.slots {
		b.slots[i] = make([]any, width)
	}
	return b
}

func (b *batch) reset() {
	b.n, b.read, b.dropped, b.eof, b.err = 0, 0, 0, false, nil
	b.rejects = b.rejects[:0]
	b.cp = Checkpoint{}
}

// origin is a row's position in the source: the fields of Record that
// Position reads.
type origin struct {
	n, line int64
	key     string
}

func (o origin) position() string {
	r := Record{N: o.n, Line: o.line, Key: o.key}
	return r.Position()
}

// producer reads records, transforms them and fills batches.
type producer struct {
	src   Source
	cols  Columns
	chain *stepChain
	conf  *conformer
	size  int
	runID int64
	row   Row // the producer's own copy of the record being transformed
}

func (p *producer) produce(ctx context.Context, free <-chan *batch, out chan<- *batch) {
	defer close(out)
	var rec Record
	for {
		var b *batch
		select {
		case b = <-free:
		case <-ctx.Done():
			return
		}
		b.reset()
		p.fill(ctx, b, &rec)
		select {
		case out <- b:
		case <-ctx.Done():
			return
		}
		if b.eof || b.err != nil {
			return
		}
	}
}

// fill reads records into b until it holds size rows, the source ends or
// an error stops the run.
func (p *producer) fill(ctx context.Context, b *batch, rec *Record) {
	for b.n < p.size {
		if err := ctx.Err(); err != nil {
			b.err = err
			return
		}
		err := p.src.Next(ctx, rec)
		if errors.Is(err, io.EOF) {
			b.eof = true
			break
		}
		if errors.Is(err, ErrFlush) {
			if b.read > 0 {
				break // commit what came before the lull
			}
			continue
		}
		var rej *RejectError
		if err != nil && !errors.As(err, &rej) {
			b.err = err
			return
		}
		b.read++
		if rej == nil {
			err = p.transform(rec, b.slots[b.n])
		}
		switch {
		case err == nil:
			b.origins[b.n] = origin{n: rec.N, line: rec.Line, key: rec.Key}
			b.n++
		case errors.Is(err, ErrDrop):
			b.dropped++
		case errors.As(err, &rej):
			b.rejects = append(b.rejects, p.reject(rec, rej.Reason))
		default:
			b.err = fmt.Errorf("%s: %w", rec.Position(), err)
			return
		}
	}
	b.cp = p.src.Checkpoint()
	if f, ok := p.src.(Failer); ok && b.err == nil {
		b.err = f.Err()
	}
}

func (p *producer) transform(rec *Record, out []any) error {
	// Steps may point rec.Row at buffers of their own; each record starts
	// again from the producer's buffer.
	p.row = append(p.row[:0], rec.Raw...)
	rec.Row = p.row
	if err := p.chain.run(rec); err != nil {
		return err
	}
	return p.conf.conform(rec.Row, out)
}

// reject describes a rejected record: its position, its raw values as a
// JSON object, and the reason.
func (p *producer) reject(rec *Record, reason string) Reject {
	return Reject{RunID: p.runID, Position: rec.Position(), Record: rec.rejectJSON(p.cols.Names()), Reason: reason}
}

// refused describes row i of b, which the database refused: its position,
// its values as they were to be written, and the database's reason.
func (j *job) refused(b *batch, i int, reason string) Reject {
	return Reject{RunID: j.run.ID, Position: b.origins[i].position(), Record: recordJSON(j.p.Target.Names(), b.slots[i]), Reason: reason}
}
