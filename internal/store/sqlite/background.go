package sqlite

import "github.com/klantpuls/klantpuls/internal/store/sqldb"

// An import's time on SQLite went to two goroutines: the reader, which parses and checks the
// file (app.Import), and the writer, which turned each record into a row of values and had the
// driver bind and SQLite store them. The writer was the slower (1M tickets: 3.3 s against the
// reader's 1.9 s), and a seventh of its time was the rows of values. A full batch is therefore
// stored in the background, as PostgreSQL's copier does, while the writer fills the next:
// the store's work on one core, the reader's and the rows' on the other.

// background has b written by a goroutine of its own and returns the batch to fill meanwhile.
func (w *inserts) background(b *sqldb.Batch) *sqldb.Batch {
	next := w.spare[b.Table]
	if next == nil {
		next = w.NewBatch(b.Table)
	}
	next.Reset()
	w.spare[b.Table] = b
	w.writing = make(chan error, 1)
	go func() { w.writing <- w.write(b) }()
	return next
}

// wait waits for the batch being written, if any, and returns its failure.
func (w *inserts) wait() error {
	if w.writing == nil {
		return nil
	}
	err := <-w.writing
	w.writing = nil
	return err
}
