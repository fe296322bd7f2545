package main

import (
	"io"
	"sync"
	"time"
)

// logBuffer batches the log's lines: one write per flush instead of one
// per line. Every request writes an access-log line, and on one core the
// write system call of each cost the lightest requests (one post by id)
// several percent of their throughput.
//
// A request never waits on the output: Write appends to memory, and a
// goroutine writes the pending lines outside the lock. A write to a file
// can block for a second or more while the kernel throttles dirty pages
// (a database copying files on the same disk, say); with the write under
// the lock every request stalled behind it. Only when maxPending bytes
// wait does Write block, so a stuck output slows the server rather than
// growing its memory or losing lines.
//
// Lines reach the output within logFlushEvery, sooner when flushAt bytes
// are pending, and at exit (Close); only a crash of the process itself
// can lose the last ones (Go's fatal errors and panics print to stderr
// directly, not through the log).
type logBuffer struct {
	out io.Writer

	mu      sync.Mutex
	drained sync.Cond // signalled when a flush took the pending lines
	pending []byte
	spare   []byte // the last flushed buffer, reused

	wmu  sync.Mutex // one flush at a time, so lines keep their order
	kick chan struct{}
	stop chan struct{}
	done chan struct{}
}

const (
	logFlushEvery = 100 * time.Millisecond
	flushAt       = 64 << 10
	maxPending    = 8 << 20
)

func newLogBuffer(out io.Writer) *logBuffer {
	b := &logBuffer{out: out, kick: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
	b.drained.L = &b.mu
	go b.flushing()
	return b
}

// Write buffers p (slog's handlers write one record per call).
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	for len(b.pending) > 0 && len(b.pending)+len(p) > maxPending {
		b.kickFlush()
		b.drained.Wait()
	}
	b.pending = append(b.pending, p...)
	full := len(b.pending) >= flushAt
	b.mu.Unlock()
	if full {
		b.kickFlush()
	}
	return len(p), nil
}

// kickFlush asks the flushing goroutine for a flush now.
func (b *logBuffer) kickFlush() {
	select {
	case b.kick <- struct{}{}:
	default: // one is asked for already
	}
}

// flush writes the pending lines, taking them out under the lock and
// writing them without it.
func (b *logBuffer) flush() {
	b.wmu.Lock()
	defer b.wmu.Unlock()
	b.mu.Lock()
	p := b.pending
	b.pending, b.spare = b.spare[:0], nil
	b.drained.Broadcast()
	b.mu.Unlock()
	if len(p) == 0 {
		return
	}
	_, _ = b.out.Write(p)
	if cap(p) <= 4*flushAt { // a burst's large buffer is not kept
		b.mu.Lock()
		b.spare = p
		b.mu.Unlock()
	}
}

func (b *logBuffer) flushing() {
	defer close(b.done)
	t := time.NewTicker(logFlushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			b.flush()
		case <-b.kick:
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
