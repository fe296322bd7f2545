package integration

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
)

// The integration harness: one fixture, newEnv, and one request helper,
// env.do (with its flavour shorthands env.rest and env.rpc, request.go).
//
// A new test:
//
//	func TestSomething(t *testing.T) {
//		e := newEnv(t) // the example server over a fresh, seeded database
//		doc := e.rest(t, bob, "GET", "/post/5", "").ok(t)
//		require.Equal(t, []string{"5"}, doc.ids(t))
//		e.rpc(t, anonymous, "GET", "post/findUnique", `{"where":{"id":5}}`).data(t, `null`)
//	}
//
// The database is the one ENTSTACK_TEST_DB selects (SQLite by default; make
// test runs the suite again on PostgreSQL and MariaDB): every test runs on
// one database per run, and every newEnv gets a database of its own.

// base is the address the server writes into links. Requests go to the
// real listener; the helper maps links it is given back to it.
const base = "http://api.test"

// restBase is the JSON:API root of the links.
const restBase = base + "/api/rest"

// testNow is the clock of the rows a test creates (createdAt defaults), so
// that the documents of created rows are exact.
var testNow = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

// viewer is who sends a request: a user id of the demo data, anonymous, or
// system (trusted work: the access policies are bypassed).
type viewer int

const (
	system    viewer = -1
	anonymous viewer = 0
	emily     viewer = 1 // the ADMIN: reads every row the policies let an admin read
	bob       viewer = 2
	ann       viewer = 3
)

func (v viewer) String() string {
	switch v {
	case system:
		return "system"
	case anonymous:
		return "anonymous"
	case emily:
		return "emily"
	case bob:
		return "bob"
	case ann:
		return "ann"
	}
	return "user" + itoa(int(v))
}

// env is the example server running in-process on a loopback listener over
// a fresh database.
type env struct {
	client  *ent.Client  // the server's client: the policies apply (ctx() bypasses them)
	db      *sql.DB      // the same database, policy-free, to count rows behind the API's back
	sql     *sqlLog      // the statements the client runs
	url     string       // the listener, "http://127.0.0.1:port"
	handler http.Handler // what the listener serves, for in-process requests (fuzzing, benchmarks)
	http    *http.Client

	secret []byte
	mu     sync.Mutex
	tokens map[viewer]string
}

// option changes how newEnv builds an env.
type option func(*envConfig)

type envConfig struct {
	seed    func(context.Context, *ent.Client) error
	server  server.Config
	handler func(*ent.Client) (http.Handler, error)
	noLog   bool
}

// withSeed fills the database with seed instead of the demo data
// (example/server/seed.go); nil leaves it empty.
func withSeed(seed func(context.Context, *ent.Client) error) option {
	return func(c *envConfig) { c.seed = seed }
}

// withConfig changes the example server's configuration.
func withConfig(edit func(*server.Config)) option {
	return func(c *envConfig) { edit(&c.server) }
}

// withHandler serves handler(client) instead of the example server: a
// handler of its own options (no authentication: send requests as system
// or anonymous). Its links must start with base.
func withHandler(handler func(*ent.Client) (http.Handler, error)) option {
	return func(c *envConfig) { c.handler = handler }
}

// withoutSQLLog leaves the statement log out (benchmarks: it would grow
// with every request measured).
func withoutSQLLog() option {
	return func(c *envConfig) { c.noLog = true }
}

// newEnv starts the example server over a fresh, migrated database of the
// kind ENTSTACK_TEST_DB selects, filled with the demo data; everything is
// closed and dropped when t ends.
func newEnv(t testing.TB, opts ...option) *env {
	t.Helper()
	useTestClock()
	cfg := envConfig{
		seed:   server.Seed,
		server: server.Config{BaseURL: base, Secret: []byte("integration-secret"), Logger: quiet},
	}
	for _, o := range opts {
		o(&cfg)
	}
	drv := testdb.Open(t, testdb.Fresh(t))
	e := &env{sql: &sqlLog{Driver: drv}, db: drv.DB(), secret: cfg.server.Secret, tokens: map[viewer]string{}}
	e.client = ent.NewClient(ent.Driver(e.sql))
	if cfg.noLog {
		e.client = ent.NewClient(ent.Driver(drv))
	}
	require.NoError(t, e.client.Schema.Create(e.ctx()))
	if cfg.seed != nil {
		require.NoError(t, cfg.seed(e.ctx(), e.client))
	}
	var h http.Handler
	if cfg.handler != nil {
		var err error
		h, err = cfg.handler(e.client)
		require.NoError(t, err)
	} else {
		h = server.New(e.client, cfg.server)
	}
	e.handler = systemHeader(h)
	ts := httptest.NewServer(e.handler)
	t.Cleanup(ts.Close)
	e.url = ts.URL
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 32 // the concurrent tests keep their connections
	e.http = &http.Client{Transport: tr, Timeout: time.Minute}
	t.Cleanup(tr.CloseIdleConnections)
	e.sql.reset()
	return e
}

// ctx is a context for trusted work on e.client (test data, checks): the
// access policies do not apply.
func (e *env) ctx() context.Context { return privacy.Bypass(context.Background()) }

// token is the bearer token of user v, signed with the server's secret.
func (e *env) token(v viewer) (string, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if tok, ok := e.tokens[v]; ok {
		return tok, nil
	}
	tok, err := server.Token(e.secret, int(v), time.Hour)
	if err != nil {
		return "", err
	}
	e.tokens[v] = tok
	return tok, nil
}

// count counts the rows of a table with SQL.
func (e *env) count(t testing.TB, table string) int {
	t.Helper()
	var n int
	require.NoError(t, e.db.QueryRow("SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}

// counts is the row count of every table of the blog, to show that a
// failed request wrote nothing.
func (e *env) counts(t testing.TB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, tbl := range []string{"users", "posts", "comments", "tags", "profiles", "post_tags"} {
		out[tbl] = e.count(t, tbl)
	}
	return out
}

// systemHeaderName marks a request the harness runs as system: the header
// only exists between the harness and its own wrapper of the handler.
const systemHeaderName = "Entstack-Test-System"

// systemHeader runs the requests that carry systemHeaderName with the
// access policies bypassed, the way trusted code calls the handlers.
func systemHeader(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(systemHeaderName) != "" {
			r.Header.Del(systemHeaderName)
			r = r.WithContext(privacy.Bypass(r.Context()))
		}
		h.ServeHTTP(w, r)
	})
}

// quiet discards the request log: test output should show failures, and a
// benchmark should not measure a terminal.
var quiet = slog.New(slog.DiscardHandler)

var clockOnce sync.Once

// useTestClock makes the createdAt defaults of the blog's models testNow.
// Ent keeps defaults in package variables: they are set once, before the
// first env serves a request, and every test wants the same clock.
func useTestClock() {
	clockOnce.Do(func() {
		now := func() time.Time { return testNow }
		post.DefaultCreatedAt = now
		user.DefaultCreatedAt = now
	})
}
