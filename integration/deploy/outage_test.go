package deploy

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	outageClients  = 4
	outageDeadline = 5 * time.Second // the instance's -timeout
)

// privatePostgres is a PostgreSQL server of one test, started with
// .ci/databases.sh on a free port with its data in a directory of its own,
// so that it can be stopped without touching anyone else's.
type privatePostgres struct {
	root, port, dsn string
}

func startPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	root, err := os.MkdirTemp("", "entstack-outage-")
	if err != nil {
		t.Fatal(err)
	}
	// The server may run as its own user: it must reach its directory.
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	pg := &privatePostgres{root: root, port: port}
	t.Cleanup(func() {
		_, _ = pg.sh("db_stop_postgres")
		os.RemoveAll(root)
	})
	out, err := pg.sh(`db_start_postgres && printf '%s' "$ENTSTACK_TEST_POSTGRES"`)
	if err != nil {
		t.Fatalf("starting a private PostgreSQL: %v\n%s", err, out)
	}
	pg.dsn = out[strings.LastIndex(out, "\n")+1:]
	return pg
}

// sh runs a command of .ci/databases.sh for this server.
func (pg *privatePostgres) sh(cmd string) (string, error) {
	script, err := filepath.Abs("../../.ci/databases.sh")
	if err != nil {
		return "", err
	}
	c := exec.Command("bash", "-c", "source "+script+" && "+cmd)
	c.Env = append(os.Environ(), "ENTSTACK_DB_ROOT="+pg.root, "ENTSTACK_PG_PORT="+pg.port)
	out, err := c.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// outcome is one answer the outage load got.
type outcome struct {
	start, end time.Time
	status     int
	err        error
}

// TestDatabaseOutage stops the server's PostgreSQL during a load and starts
// it again. While it is down every request is answered, and 503: no 500, no
// request hanging past the deadline, and the health check says 503; when it
// is back the same process serves again, without a restart, and every write
// acknowledged before the outage is there.
func TestDatabaseOutage(t *testing.T) {
	needDrills(t)
	pg := startPrivatePostgres(t)
	in := start(t, pg.dsn, "-timeout", outageDeadline.String())
	pid := in.cmd.Process.Pid
	admin := bearer(t, 1)
	// A client gives up a request at the deadline plus a margin: one that
	// takes longer hangs past the deadline, which is a failure.
	client := &http.Client{Timeout: outageDeadline + 5*time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: outageClients}}

	var (
		mu      sync.Mutex
		answers []outcome
		acked   []string // titles of acknowledged creates
		stop    atomic.Bool
		wg      sync.WaitGroup
		seq     atomic.Int64
	)
	for c := range outageClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; !stop.Load(); i++ {
				o := outcome{start: time.Now()}
				var title string
				var res response
				if i%2 == 0 {
					title = fmt.Sprintf("outage-%d-%d", c, seq.Add(1))
					res, o.err = call(client, http.MethodPost, in.url+"/api/rpc/post/create", admin,
						fmt.Sprintf(`{"data":{"title":%q,"author":{"connect":{"id":1}}}}`, title))
				} else {
					res, o.err = call(client, http.MethodGet, in.url+"/api/rest/post?page[limit]=5&sort=-id", admin, "")
				}
				o.end, o.status = time.Now(), res.status
				mu.Lock()
				answers = append(answers, o)
				if title != "" && o.err == nil && o.status == http.StatusCreated {
					acked = append(acked, title)
				}
				mu.Unlock()
				if o.err == nil && o.status != http.StatusOK && o.status != http.StatusCreated {
					time.Sleep(20 * time.Millisecond) // a client backing off
				}
			}
		}()
	}
	// successes counts the successful requests that started after since.
	successes := func(since time.Time) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, o := range answers {
			if o.err == nil && o.status < 300 && o.start.After(since) {
				n++
			}
		}
		return n
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for deadline := time.Now().Add(2 * time.Minute); !cond(); time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				stop.Store(true)
				t.Fatalf("waited 2 minutes for %s; server log:\n%s", what, in.logs)
			}
		}
	}
	waitFor("100 successful requests", func() bool { return successes(time.Time{}) >= 100 })

	if out, err := pg.sh("db_halt_postgres"); err != nil {
		t.Fatalf("stopping PostgreSQL: %v\n%s", err, out)
	}
	down := time.Now()
	// The load runs against the stopped database for a while.
	waitFor("200 answers during the outage", func() bool {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, o := range answers {
			if o.start.After(down) {
				n++
			}
		}
		return n >= 200
	})
	health, err := call(client, http.MethodGet, in.url+"/healthz", "", "")
	if err != nil || health.status != http.StatusServiceUnavailable {
		t.Errorf("GET /healthz during the outage: %d %s %v, want 503", health.status, health.body, err)
	}

	// The outage ends when PostgreSQL starts again: requests answered
	// before were all answered while it was down.
	resume := time.Now()
	if out, err := pg.sh("db_start_postgres"); err != nil {
		t.Fatalf("starting PostgreSQL again: %v\n%s", err, out)
	}
	up := time.Now()
	waitFor("a successful request after the outage", func() bool { return successes(up) > 0 })
	recovered := time.Since(up)
	waitFor("the health check", func() bool {
		r, err := call(client, http.MethodGet, in.url+"/healthz", "", "")
		return err == nil && r.status == http.StatusOK
	})
	waitFor("50 successful requests after the outage", func() bool { return successes(up) >= 50 })
	stop.Store(true)
	wg.Wait()

	var during, unavailable, other int
	var slowest time.Duration
	for _, o := range answers {
		switch {
		case o.err != nil:
			t.Errorf("a request got no answer (%v after it started): %v", o.end.Sub(o.start).Round(time.Millisecond), o.err)
		case o.status >= 500 && o.status != http.StatusServiceUnavailable:
			t.Errorf("a request was answered %d", o.status)
		}
		if o.start.After(down) && o.end.Before(resume) {
			during++
			slowest = max(slowest, o.end.Sub(o.start))
			if o.status == http.StatusServiceUnavailable {
				unavailable++
			} else {
				other++
			}
		}
	}
	if other > 0 {
		statuses := map[int]int{}
		for _, o := range answers {
			if o.start.After(down) && o.end.Before(resume) {
				statuses[o.status]++
			}
		}
		t.Errorf("%d of %d requests during the outage were not answered 503: statuses %v", other, during, statuses)
	}
	t.Logf("outage: %d clients, %d requests in all, %d during the outage (%d answered 503, slowest %v, deadline %v); "+
		"recovered %v after PostgreSQL was back, same process",
		outageClients, len(answers), during, unavailable, slowest.Round(time.Millisecond), outageDeadline, recovered.Round(time.Millisecond))
	if !in.alive() || in.cmd.Process.Pid != pid {
		t.Fatalf("the server did not survive the outage; log:\n%s", in.logs)
	}
	// Every acknowledged write survived the outage.
	// Page by page: a findMany returns at most rpcapi's MaxTake (1000) rows.
	var stored strings.Builder
	for skip := 0; ; skip += 1000 {
		q := url.QueryEscape(fmt.Sprintf(`{"where":{"title":{"startsWith":"outage-"}},"select":{"title":true},"orderBy":{"id":"asc"},"skip":%d,"take":1000}`, skip))
		r, err := call(client, http.MethodGet, in.url+"/api/rpc/post/findMany?q="+q, admin, "")
		if err != nil || r.status != 200 {
			t.Fatalf("reading the posts back: %d %s %v", r.status, r.body, err)
		}
		stored.Write(r.body)
		if n := strings.Count(string(r.body), `"title":`); n < 1000 {
			break
		}
	}
	for _, title := range acked {
		if !strings.Contains(stored.String(), `"title":"`+title+`"`) {
			t.Errorf("acknowledged post %q is missing", title)
		}
	}
}
