package main

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestGracefulShutdown runs the example binary on a SQLite file and a free
// port, starts requests that are still uploading their bodies, sends
// SIGTERM, and checks that every one of them is answered in full, that new
// connections are refused, and that the process exits 0.
func TestGracefulShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the example binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "example")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-db", filepath.Join(dir, "blog.db"), "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "AUTH_SECRET=shutdown-test")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() }) // when the test fails half-way
	logs := &lockedLines{}
	addr := make(chan string, 1)
	go scanLog(stderr, logs, addr)
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatalf("the server did not start listening; log:\n%s", logs)
	}

	// Requests in flight: each sends its body (a GET may carry one; the
	// server reads it whole before routing, see server/limits.go) in chunks
	// over about 1.5 s, so that it is mid-upload when SIGTERM arrives.
	const inflight = 4
	var started, done sync.WaitGroup
	results := make([]string, inflight)
	for i := range inflight {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			pr, pw := io.Pipe()
			go func() {
				started.Done()
				for range 15 {
					time.Sleep(100 * time.Millisecond)
					if _, err := pw.Write([]byte("          ")); err != nil {
						return
					}
				}
				pw.Close()
			}()
			req, _ := http.NewRequest(http.MethodGet, base+"/api/rest/tag", pr)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				results[i] = "error: " + err.Error()
				return
			}
			b, err := io.ReadAll(res.Body)
			res.Body.Close()
			results[i] = fmt.Sprintf("%d %v %s", res.StatusCode, err, b)
		}()
	}
	started.Wait()
	time.Sleep(400 * time.Millisecond) // the requests' headers are read: they are active
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done.Wait()
	for i, r := range results {
		if !strings.HasPrefix(r, "200 <nil> ") || !strings.Contains(r, `"name":"go"`) {
			t.Errorf("in-flight request %d: %.300s", i, r)
		}
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("the server exited with %v; log:\n%s", err, logs)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the server did not exit after SIGTERM; log:\n%s", logs)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Errorf("the server still accepts connections after shutting down")
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("no shutdown log line:\n%s", logs)
	}
}

var listenLine = regexp.MustCompile(`msg=listening addr=(\S+)`)

// scanLog collects the server's log lines and sends the address it listens
// on when it says so.
func scanLog(r io.Reader, logs *lockedLines, addr chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := sc.Text()
		logs.add(line)
		if m := listenLine.FindStringSubmatch(line); m != nil {
			addr <- m[1]
		}
	}
}

type lockedLines struct {
	mu    sync.Mutex
	lines []string
}

func (l *lockedLines) add(s string) { l.mu.Lock(); l.lines = append(l.lines, s); l.mu.Unlock() }

func (l *lockedLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}
