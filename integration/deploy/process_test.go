package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
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

	"github.com/entstack/entstack/example/token"
	"github.com/entstack/entstack/integration/testdb"
)

// EnvDrills enables the drills: scale-out, crashes, database outage.
const EnvDrills = "ENTSTACK_TEST_DRILLS"

// secret signs the tests' tokens; the instances get it as AUTH_SECRET.
const secret = "deploy-test-secret"

// exampleBin is the example server, built by TestMain.
var exampleBin string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() || os.Getenv(testdb.EnvDB) != "" {
		os.Exit(m.Run()) // every test skips itself
	}
	dir, err := os.MkdirTemp("", "entstack-deploy-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	exampleBin = filepath.Join(dir, "example")
	if out, err := exec.Command("go", "build", "-o", exampleBin, "github.com/entstack/entstack/example").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the example server: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// needProcesses skips tests that run the example binary where they do not
// belong: -short, and the integration suite's per-database passes.
func needProcesses(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs the example server as processes")
	}
	if os.Getenv(testdb.EnvDB) != "" {
		t.Skipf("runs once, in the pass without %s: it chooses its databases itself", testdb.EnvDB)
	}
}

// needDrills skips the drills unless EnvDrills is 1.
func needDrills(t *testing.T) {
	t.Helper()
	needProcesses(t)
	if os.Getenv(EnvDrills) != "1" {
		t.Skipf("a drill: set %s=1 to run it (.ci/run does)", EnvDrills)
	}
}

// instance is one example server process.
type instance struct {
	cmd    *exec.Cmd
	url    string // http://127.0.0.1:port, once it listens
	logs   *lines
	listen chan string   // the address, once
	exited chan struct{} // closed when the process has exited
	err    error         // its exit status, after exited
}

var listenLine = regexp.MustCompile(`msg=listening addr=(\S+)`)

// launch starts the example server on dsn with a free port (args are
// extra flags) and returns at once.
func launch(t *testing.T, dsn string, args ...string) *instance {
	t.Helper()
	args = append([]string{"-db", dsn, "-addr", "127.0.0.1:0"}, args...)
	in := &instance{cmd: exec.Command(exampleBin, args...), logs: &lines{}, listen: make(chan string, 1), exited: make(chan struct{})}
	in.cmd.Env = append(os.Environ(), "AUTH_SECRET="+secret)
	stderr, err := in.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := in.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			in.logs.add(sc.Text())
			if m := listenLine.FindStringSubmatch(sc.Text()); m != nil {
				in.listen <- m[1]
			}
		}
		in.err = in.cmd.Wait()
		close(in.exited)
	}()
	t.Cleanup(func() { in.kill() })
	return in
}

// start launches an instance and waits until it listens.
func start(t *testing.T, dsn string, args ...string) *instance {
	t.Helper()
	in := launch(t, dsn, args...)
	if err := in.ready(); err != nil {
		t.Fatal(err)
	}
	return in
}

// ready waits until the instance listens, or fails when it exits first.
func (in *instance) ready() error {
	select {
	case addr := <-in.listen:
		in.url = "http://" + addr
		return nil
	case <-in.exited:
		return fmt.Errorf("the server exited (%v) before listening; log:\n%s", in.err, in.logs)
	case <-time.After(2 * time.Minute):
		return fmt.Errorf("the server did not listen within 2 minutes; log:\n%s", in.logs)
	}
}

// kill ends the process with SIGKILL, as a crash or the OOM killer would,
// and waits for it.
func (in *instance) kill() {
	select {
	case <-in.exited:
		return
	default:
	}
	_ = in.cmd.Process.Signal(syscall.SIGKILL)
	<-in.exited
}

// alive reports whether the process is still running.
func (in *instance) alive() bool {
	select {
	case <-in.exited:
		return false
	default:
		return true
	}
}

// lines collects a process's log lines.
type lines struct {
	mu sync.Mutex
	l  []string
}

func (l *lines) add(s string) { l.mu.Lock(); l.l = append(l.l, s); l.mu.Unlock() }

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.l, "\n")
}

// count returns the number of lines containing s.
func (l *lines) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, x := range l.l {
		if strings.Contains(x, s) {
			n++
		}
	}
	return n
}

// bearer returns a token of the example's scheme for the user.
func bearer(t *testing.T, userID int) string {
	t.Helper()
	s, err := token.Mint([]byte(secret), userID, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// httpClient is the clients' HTTP client: the timeout bounds a request that
// hangs, which every test treats as a failure.
var httpClient = &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}

// response is what a client got back.
type response struct {
	status int
	body   []byte
	header http.Header
}

// call sends a request with a JSON body (body "" for none) and the token
// (tok "" for anonymous).
func call(c *http.Client, method, url, tok, body string) (response, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return response{}, err
	}
	if body != "" {
		ct := "application/json"
		if strings.Contains(url, "/api/rest/") {
			ct = "application/vnd.api+json"
		}
		req.Header.Set("Content-Type", ct)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{res.StatusCode, bytes.TrimSpace(b), res.Header}, nil
}

// errGone marks an error of a request that reached a server that died: it
// may or may not have been committed.
var errGone = errors.New("in doubt")
