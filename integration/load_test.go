package integration

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent/tag"
)

const (
	loadClients    = 16
	loadCreates    = 500 // per client
	loadReadsEvery = 5   // each client reads after every 5th create
)

// TestLoad runs 16 concurrent clients × 500 creates plus reads against the
// example server over HTTP, on a database opened the way the example opens
// it (a SQLite file by default: WAL, busy timeout, BEGIN IMMEDIATE), and
// checks that every request succeeds (on SQLite: no "database is locked")
// and that exactly the created rows exist.
func TestLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	e := newEnv(t)
	var (
		mu   sync.Mutex
		errs []string
		lat  = map[string][]time.Duration{}
		wg   sync.WaitGroup
	)
	record := func(op string, d time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		lat[op] = append(lat[op], d)
		if err != nil && len(errs) < 20 {
			errs = append(errs, op+": "+err.Error())
		}
		if err != nil {
			lat["errors"] = append(lat["errors"], 0)
		}
	}
	start := time.Now()
	for c := range loadClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range loadCreates {
				n := c*loadCreates + i
				t0 := time.Now()
				err := e.load(http.MethodPost, "/api/rest/tag", fmt.Sprintf(`{"data":{"type":"tag","attributes":{"name":"t-%d"}}}`, n), http.StatusCreated)
				record("create", time.Since(t0), err)
				if i%loadReadsEvery != 0 {
					continue
				}
				for _, read := range []struct{ op, path string }{
					{"list tags", "/api/rest/tag?sort=-id&page[limit]=20"},
					{"list posts", "/api/rest/post?include=author,tags&filter[published]=true"},
					{"fetch tag", fmt.Sprintf("/api/rest/tag/%d", 1+n%4)},
				} {
					t0 := time.Now()
					err := e.load(http.MethodGet, read.path, "", http.StatusOK)
					record(read.op, time.Since(t0), err)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	total := 0
	for op, ds := range lat {
		if op != "errors" {
			total += len(ds)
		}
	}
	t.Logf("%d clients, %d requests in %v: %.0f req/s", loadClients, total, elapsed.Round(time.Millisecond), float64(total)/elapsed.Seconds())
	for _, op := range []string{"create", "list tags", "list posts", "fetch tag"} {
		ds := lat[op]
		slices.Sort(ds)
		t.Logf("  %-10s n=%5d  p50=%v  p99=%v  max=%v", op, len(ds), pct(ds, 50), pct(ds, 99), ds[len(ds)-1])
	}
	if n := len(lat["errors"]); n > 0 {
		t.Fatalf("%d requests failed, first ones:\n%s", n, strings.Join(errs, "\n"))
	}

	// Exactly the created rows exist: the count through the API and in the
	// database, and every name once.
	ctx := e.ctx()
	want := seededTags + loadClients*loadCreates
	if n := e.client.Tag.Query().CountX(ctx); n != want {
		t.Errorf("%d tags in the database, want %d", n, want)
	}
	if n := e.client.Tag.Query().Where(tag.NameHasPrefix("t-")).CountX(ctx); n != loadClients*loadCreates {
		t.Errorf("%d created tags, want %d", n, loadClients*loadCreates)
	}
	require.Equal(t, want, e.rest(t, emily, "GET", "/tag?page[limit]=1", "").ok(t).total(t), "the API's count")
	for _, n := range []int{0, loadCreates - 1, loadClients*loadCreates - 1} {
		if ok := e.client.Tag.Query().Where(tag.Name(fmt.Sprintf("t-%d", n))).ExistX(ctx); !ok {
			t.Errorf("tag t-%d is missing", n)
		}
	}
}

// seededTags is the number of tags server.Seed creates.
const seededTags = 4

// load sends a request of the load as the admin and reports a status other
// than want as an error.
func (e *env) load(method, target, body string, want int) error {
	r := request{method: method, target: target, body: body, as: emily}
	if body != "" {
		r.header = []string{"Content-Type", "application/vnd.api+json"}
	}
	res, err := e.send(r)
	if err != nil {
		return err
	}
	if res.status != want {
		return fmt.Errorf("%s %s: %d %s", method, target, res.status, strings.TrimSpace(res.body))
	}
	return nil
}

// pct returns the p-th percentile of sorted durations.
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100].Round(10 * time.Microsecond)
}
