package main

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is an output the flusher and the test read concurrently.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestLogBuffer: lines written concurrently all reach the output, whole,
// by Close at the latest.
func TestLogBuffer(t *testing.T) {
	var out lockedBuffer
	b := newLogBuffer(&out)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 500 {
				_, _ = fmt.Fprintf(b, "writer %d line %d\n", g, i)
			}
		})
	}
	wg.Wait()
	b.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2000 {
		t.Fatalf("%d lines, want 2000", len(lines))
	}
	for _, l := range lines {
		var g, i int
		if n, err := fmt.Sscanf(l, "writer %d line %d", &g, &i); n != 2 || err != nil {
			t.Fatalf("torn line %q", l)
		}
	}
}

// blockedOutput blocks every write until released, and says when the
// first write began.
type blockedOutput struct {
	lockedBuffer
	started, release chan struct{}
	once             sync.Once
}

func (o *blockedOutput) Write(p []byte) (int, error) {
	o.once.Do(func() { close(o.started) })
	<-o.release
	return o.lockedBuffer.Write(p)
}

// TestLogBufferOutputBlocked: while a flush waits on the output (a disk
// throttling writes, say), Write still returns at once, and every line
// reaches the output in order once it is unblocked.
func TestLogBufferOutputBlocked(t *testing.T) {
	out := &blockedOutput{started: make(chan struct{}), release: make(chan struct{})}
	b := newLogBuffer(out)
	_, _ = fmt.Fprintf(b, "line 0\n")
	<-out.started // the flusher is stuck in the output's Write
	wrote := make(chan struct{})
	go func() {
		for i := 1; i < 1000; i++ {
			_, _ = fmt.Fprintf(b, "line %d\n", i)
		}
		close(wrote)
	}()
	select {
	case <-wrote:
	case <-time.After(10 * time.Second):
		t.Fatal("Write waited for the blocked output")
	}
	close(out.release)
	b.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 1000 {
		t.Fatalf("%d lines, want 1000", len(lines))
	}
	for i, l := range lines {
		if l != fmt.Sprintf("line %d", i) {
			t.Fatalf("line %d is %q", i, l)
		}
	}
}
