package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entstack/entstack/privacy"

	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/tag"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/integration/testdb"
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
	env := startLoadServer(t)
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
				err := env.create(n)
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
					_, err := env.get(read.path)
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
	ctx := privacy.Bypass(context.Background())
	want := seededTags + loadClients*loadCreates
	if n := env.client.Tag.Query().CountX(ctx); n != want {
		t.Errorf("%d tags in the database, want %d", n, want)
	}
	if n := env.client.Tag.Query().Where(tag.NameHasPrefix("t-")).CountX(ctx); n != loadClients*loadCreates {
		t.Errorf("%d created tags, want %d", n, loadClients*loadCreates)
	}
	body, err := env.get("/api/rest/tag?page[limit]=1")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Meta struct {
			Total int `json:"total"`
		} `json:"meta"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Meta.Total != want {
		t.Errorf("the API counts %d tags (%v), want %d", doc.Meta.Total, err, want)
	}
	for _, n := range []int{0, loadCreates - 1, loadClients*loadCreates - 1} {
		if ok := env.client.Tag.Query().Where(tag.Name(fmt.Sprintf("t-%d", n))).ExistX(ctx); !ok {
			t.Errorf("tag t-%d is missing", n)
		}
	}
}

// seededTags is the number of tags server.Seed creates.
const seededTags = 4

type loadEnv struct {
	client *ent.Client
	url    string
	http   *http.Client
	token  string // bearer token of the seeded ADMIN
}

// startLoadServer serves the example server over a fresh, seeded database,
// on a loopback listener.
func startLoadServer(t *testing.T) *loadEnv {
	t.Helper()
	// A fresh database of the kind ENTSTACK_TEST_DB selects (a SQLite file
	// by default), opened as example/database.go opens -db: for SQLite WAL,
	// busy timeout, BEGIN IMMEDIATE, and the server's pool size.
	ctx := context.Background()
	c := ent.NewClient(ent.Driver(testdb.Open(t, testdb.Fresh(t))))
	if err := c.Schema.Create(privacy.Bypass(ctx)); err != nil {
		t.Fatal(err)
	}
	if err := server.Seed(ctx, c); err != nil {
		t.Fatal(err)
	}
	secret := []byte("load-secret")
	tok, err := server.Token(secret, 1, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(nil)
	url := "http://" + ts.Listener.Addr().String()
	ts.Config.Handler = server.New(c, server.Config{BaseURL: url, Secret: secret,
		Logger: slog.New(slog.DiscardHandler)}) // 10,000 request lines help no one here
	ts.Start()
	t.Cleanup(ts.Close)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = loadClients
	return &loadEnv{client: c, url: url, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}, token: tok}
}

// create creates tag t-<n> through the JSON:API.
func (e *loadEnv) create(n int) error {
	body := fmt.Sprintf(`{"data":{"type":"tag","attributes":{"name":"t-%d"}}}`, n)
	return e.do(http.MethodPost, "/api/rest/tag", body, http.StatusCreated)
}

func (e *loadEnv) get(path string) ([]byte, error) {
	req, err := http.NewRequest(http.MethodGet, e.url+path, nil)
	if err != nil {
		return nil, err
	}
	return e.send(req, http.StatusOK)
}

func (e *loadEnv) do(method, path, body string, want int) error {
	req, err := http.NewRequest(method, e.url+path, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/vnd.api+json")
	_, err = e.send(req, want)
	return err
}

func (e *loadEnv) send(req *http.Request, want int) ([]byte, error) {
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, err := e.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != want {
		return nil, fmt.Errorf("%s %s: %d %s", req.Method, req.URL.Path, res.StatusCode, bytes.TrimSpace(b))
	}
	return b, nil
}

// pct returns the p-th percentile of sorted durations.
func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[(len(sorted)-1)*p/100].Round(10 * time.Microsecond)
}
