package main

import (
	"bufio"
	"io"
	"sync"
	"time"
)

// logBuffer batches the log's lines: one write per flush instead of one
// per line. Every request writes an access-log line, and on one core the
// write system call of each cost the lightest requests (one post by id)
// several percent of their throughput. Lines reach the output within
// logFlushEvery, when 64 KiB are pending, and at exit (Close); only a
// crash of the process itself can lose the last ones (Go's fatal errors
// and panics print to stderr directly, not through the log).
type logBuffer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

const logFlushEvery = 100 * time.Millisecond

func newLogBuffer(out io.Writer) *logBuffer {
	b := &logBuffer{w: bufio.NewWriterSize(out, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go b.flushing()
	return b
}

// Write buffers p (slog's handlers write one record per call).
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

func (b *logBuffer) flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	_ = b.w.Flush()
}

func (b *logBuffer) flushing() {
	defer close(b.done)
	t := time.NewTicker(logFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.flush()
		case <-b.stop:
			return
		}
	}
}

// Close stops the periodic flushes and writes what is pending.
func (b *logBuffer) Close() {
	close(b.stop)
	<-b.done
	b.flush()
}
