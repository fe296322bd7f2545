package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/example/server"
)

// rpcServer starts the example server over a fresh seeded database (the
// one ENTSTACK_TEST_DB selects); name is kept for the callers' readability.
func rpcServer(t testing.TB, name string) *httptest.Server {
	t.Helper()
	c := openBlog(t)
	if err := server.Seed(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(nil)
	ts.Config.Handler = server.New(c, server.Config{BaseURL: ts.URL, Secret: testSecret, Logger: quiet})
	t.Cleanup(ts.Close)
	return ts
}

// eachDB runs fn against the example server over a fresh, seeded database
// of the kind ENTSTACK_TEST_DB selects: make test runs the integration
// suite once per database, so every test here runs on all three.
func eachDB(t *testing.T, fn func(t *testing.T, ts *httptest.Server)) {
	t.Helper()
	fn(t, rpcServer(t, t.Name()))
}

// rpcGet calls GET /api/rpc/<path>?q=<args> and returns the status and body.
func rpcGet(t testing.TB, ts *httptest.Server, path, args string) (int, string) {
	t.Helper()
	u := ts.URL + "/api/rpc/" + path
	if args != "" {
		u += "?q=" + url.QueryEscape(args)
	}
	return do(t, http.MethodGet, u, "")
}

// testSecret signs the tokens of the RPC tests' servers.
var testSecret = []byte("s")

// admin is Emily, the seed's ADMIN: the access policies let her read
// everything, so the query tests see all rows.
const admin = 1

// do sends a request as the admin.
func do(t testing.TB, method, u, body string) (int, string) {
	t.Helper()
	return doAs(t, admin, method, u, body)
}

// doAs sends a request as the user with the id (0: anonymous).
func doAs(t testing.TB, userID int, method, u, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if userID != 0 {
		tok, err := server.Token(testSecret, userID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// data decodes the data member of a success body.
func data(t testing.TB, body string) any {
	t.Helper()
	var v struct {
		Data any `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("bad body %s: %v", body, err)
	}
	return v.Data
}
