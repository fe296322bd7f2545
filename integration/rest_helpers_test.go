package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/example/server"
)

var secret = []byte("integration-secret")

// api is the example server over a seeded in-memory SQLite database.
type api struct {
	url    string // the server's base URL
	client *ent.Client
	token  string // bearer token of user 1 (ADMIN): sees every row and field
	sql    *sqlLog
}

// sqlLog records the SQL statements the client sends (ent.Debug).
type sqlLog struct {
	mu  sync.Mutex
	all []string
}

func (l *sqlLog) add(v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, x := range v {
		s, ok := x.(string)
		if !ok {
			continue
		}
		// driver.Query: query=SELECT … args=[…], Tx(…).Query: …, ….Exec: …
		if strings.Contains(s, ".Query: ") || strings.Contains(s, ".Exec: ") {
			l.all = append(l.all, s)
		}
	}
}

func (l *sqlLog) reset() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.all
	l.all = nil
	return out
}

func newAPI(t *testing.T) *api {
	t.Helper()
	a := &api{sql: &sqlLog{}}
	// a fresh database of the kind ENTSTACK_TEST_DB selects (SQLite by default)
	a.client = openBlog(t, ent.Log(a.sql.add), ent.Debug())
	t.Cleanup(func() { a.client.Close() })
	require.NoError(t, server.Seed(context.Background(), a.client))
	ts := httptest.NewServer(nil)
	ts.Config.Handler = server.New(a.client, server.Config{BaseURL: ts.URL, Secret: secret, Logger: quiet})
	t.Cleanup(ts.Close)
	a.url = ts.URL
	tok, err := server.Token(secret, 1, time.Hour)
	require.NoError(t, err)
	a.token = tok
	a.sql.reset()
	return a
}

// rest is the absolute URL of a path under the REST API.
func (a *api) rest(path string) string { return a.url + "/api/rest" + path }

// document is a JSON:API response document.
type document struct {
	JSONAPI  map[string]any     `json:"jsonapi"`
	Data     json.RawMessage    `json:"data"`
	Included []resourceObject   `json:"included"`
	Links    map[string]*string `json:"links"`
	Meta     map[string]any     `json:"meta"`
	Errors   []errorObject      `json:"errors"`

	raw map[string]json.RawMessage
}

type resourceObject struct {
	Type          string                  `json:"type"`
	ID            string                  `json:"id"`
	Attributes    map[string]any          `json:"attributes"`
	Relationships map[string]relationship `json:"relationships"`
	Links         map[string]string       `json:"links"`
}

type relationship struct {
	Links map[string]string `json:"links"`
	Data  json.RawMessage   `json:"data"`
}

type identifier struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

type errorObject struct {
	Status string            `json:"status"`
	Code   string            `json:"code"`
	Title  string            `json:"title"`
	Detail string            `json:"detail"`
	Source map[string]string `json:"source"`
	Meta   map[string]any    `json:"meta"`
}

type response struct {
	status int
	header http.Header
	doc    document
	body   string
}

// get requests path (under /api/rest) as the admin, with extra headers
// given as name, value pairs.
func (a *api) get(t *testing.T, path string, headers ...string) response {
	t.Helper()
	return a.do(t, path, true, headers...)
}

// anon requests path with no credentials.
func (a *api) anon(t *testing.T, path string, headers ...string) response {
	t.Helper()
	return a.do(t, path, false, headers...)
}

func (a *api) do(t *testing.T, path string, auth bool, headers ...string) response {
	t.Helper()
	return a.request(t, http.MethodGet, path, "", auth, headers...)
}

// send sends a request with a JSON:API body (none when body is "") as the
// admin.
func (a *api) send(t *testing.T, method, path, body string) response {
	t.Helper()
	return a.request(t, method, path, body, true)
}

func (a *api) request(t *testing.T, method, path, body string, auth bool, headers ...string) response {
	t.Helper()
	u := path
	if !strings.HasPrefix(u, "http") {
		u = a.rest(path)
	}
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/vnd.api+json")
	}
	if auth && a.token != "" {
		req.Header.Set("Authorization", "Bearer "+a.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	r := response{status: res.StatusCode, header: res.Header, body: string(b)}
	if res.StatusCode == http.StatusNoContent {
		require.Empty(t, b)
		return r
	}
	require.NoError(t, json.Unmarshal(b, &r.doc), "body of %s: %s", path, b)
	require.NoError(t, json.Unmarshal(b, &r.doc.raw))
	// JA-CN-01: every response carries the JSON:API media type.
	require.Equal(t, "application/vnd.api+json", res.Header.Get("Content-Type"), "Content-Type of %s", path)
	return r
}

// ok checks a 200 with data and no errors (JA-FETCH-02, JA-DOC-03).
func (r response) ok(t *testing.T) response {
	t.Helper()
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Empty(t, r.doc.Errors)
	require.Contains(t, r.doc.raw, "data", r.body)
	require.Equal(t, map[string]any{"version": "1.1"}, r.doc.JSONAPI)
	return r
}

// list decodes primary data that must be an array (JA-DOC-07).
func (r response) list(t *testing.T) []resourceObject {
	t.Helper()
	var out []resourceObject
	require.True(t, strings.HasPrefix(strings.TrimSpace(string(r.doc.Data)), "["), "data is not an array: %s", r.doc.Data)
	require.NoError(t, json.Unmarshal(r.doc.Data, &out))
	return out
}

// one decodes primary data that must be an object (or null: nil).
func (r response) one(t *testing.T) *resourceObject {
	t.Helper()
	if string(r.doc.Data) == "null" {
		return nil
	}
	var out resourceObject
	require.True(t, strings.HasPrefix(string(r.doc.Data), "{"), "data is not an object: %s", r.doc.Data)
	require.NoError(t, json.Unmarshal(r.doc.Data, &out))
	return &out
}

// keys are "type:id" of resource objects, in order.
func keys(rs []resourceObject) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Type + ":" + r.ID
	}
	return out
}

// ids of the linkage data of a relationship: "type:id" list, or nil for
// null; absent data is "absent".
func linkage(t *testing.T, rel relationship) any {
	t.Helper()
	s := strings.TrimSpace(string(rel.Data))
	switch {
	case s == "":
		return "absent"
	case s == "null":
		return nil
	case strings.HasPrefix(s, "["):
		var ids []identifier
		require.NoError(t, json.Unmarshal(rel.Data, &ids))
		out := []string{}
		for _, id := range ids {
			out = append(out, id.Type+":"+id.ID)
		}
		return out
	}
	var id identifier
	require.NoError(t, json.Unmarshal(rel.Data, &id))
	return id.Type + ":" + id.ID
}

func sorted(s []string) []string {
	out := append([]string{}, s...)
	sort.Strings(out)
	return out
}

// queryOf parses the query string of an absolute link.
func queryOf(t *testing.T, link string) (string, url.Values) {
	t.Helper()
	u, err := url.Parse(link)
	require.NoError(t, err)
	return u.Scheme + "://" + u.Host + u.Path, u.Query()
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func ptr(s string) *string { return &s }

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func itoa(i int) string { return strconv.Itoa(i) }
