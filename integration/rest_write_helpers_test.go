package integration

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	entprivacy "entgo.io/ent/privacy"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
)

// base is the API root the example server puts in links.
const base = "http://api.test/api/rest"

// blog is the example server over a freshly seeded database (SQLite, or the
// one ENTSTACK_TEST_DB selects), with a direct SQL handle to count rows
// behind the API's back (policy-free).
type blog struct {
	t  *testing.T
	h  http.Handler
	c  *ent.Client
	db *sql.DB
}

func newBlog(t *testing.T) *blog {
	t.Helper()
	drv := testdb.Open(t, testdb.Fresh(t))
	c := ent.NewClient(ent.Driver(drv))
	ctx := entprivacy.DecisionContext(context.Background(), entprivacy.Allow)
	if err := c.Schema.Create(ctx); err != nil {
		t.Fatal(err)
	}
	if err := server.Seed(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return &blog{t: t, h: server.New(c, server.Config{BaseURL: "http://api.test", Secret: []byte("s"), Logger: quiet}), c: c, db: drv.DB()}
}

// do sends a request with a JSON:API body as system work (asSystem); hdr
// are header name/value pairs that replace the defaults.
func (b *blog) do(method, path, body string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/api/rest"+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/vnd.api+json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, asSystem(req))
	return rec
}

// asSystem runs a request as trusted system work, which the access
// policies do not apply to: these tests are about the write machinery and
// JSON:API, whatever the example schema's policies say (those have tests
// of their own).
func asSystem(r *http.Request) *http.Request {
	return r.WithContext(privacy.Bypass(r.Context()))
}

// count counts the rows of a table with SQL.
func (b *blog) count(table string) int {
	b.t.Helper()
	var n int
	if err := b.db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		b.t.Fatal(err)
	}
	return n
}

// counts is the row count of every table, to show that a failed request
// wrote nothing.
func (b *blog) counts() map[string]int {
	out := map[string]int{}
	for _, tbl := range []string{"users", "posts", "comments", "tags", "profiles", "post_tags"} {
		out[tbl] = b.count(tbl)
	}
	return out
}

// expect checks status and exact body; every JSON:API response carries the
// JSON:API media type (JA-CN-01).
func expect(t *testing.T, rec *httptest.ResponseRecorder, status int, body string) {
	t.Helper()
	if rec.Code != status {
		t.Errorf("status = %d, want %d; body: %s", rec.Code, status, rec.Body)
	}
	if got := rec.Body.String(); got != body {
		t.Errorf("body:\n got %s\nwant %s", got, body)
	}
	if body != "" {
		if ct := rec.Header().Get("Content-Type"); ct != "application/vnd.api+json" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
}

// restTitles are the titles of ZenStack's REST error codes.
var restTitles = map[string]string{
	"unsupported-model":           "Unsupported model type",
	"unsupported-relationship":    "Unsupported relationship",
	"invalid-path":                "The request path is invalid",
	"invalid-verb":                "The HTTP verb is not supported",
	"not-found":                   "Resource not found",
	"invalid-id":                  "Resource ID is invalid",
	"invalid-payload":             "Invalid payload",
	"invalid-relation-data":       "Invalid relation data",
	"invalid-relation":            "Invalid relation",
	"invalid-filter":              "Invalid filter",
	"invalid-sort":                "Invalid sort",
	"invalid-value":               "Invalid value for type",
	"duplicated-fields-parameter": "Fields Parameter Duplicated",
	"forbidden":                   "Operation is forbidden",
	"validation-error":            "Operation is unprocessable due to validation errors",
	"query-error":                 "Error occurred while executing the query",
	"unknown-error":               "Unknown error",
}

// errBody is the error document the handler renders for one error object:
// ZenStack's REST code and its title, the runtime's finer code (fine) in
// meta.errorCode when there is one.
func errBody(status, code, fine, detail, pointer string) string {
	title, ok := restTitles[code]
	if !ok {
		panic("no REST code " + code)
	}
	s := `{"jsonapi":{"version":"1.1"},"errors":[{"status":"` + status + `","code":"` + code + `","title":"` + title + `"`
	if detail != "" {
		s += `,"detail":"` + strings.ReplaceAll(detail, `"`, `\"`) + `"`
	}
	if pointer != "" {
		s += `,"source":{"pointer":"` + pointer + `"}`
	}
	if fine != "" {
		s += `,"meta":{"errorCode":"` + fine + `"}`
	}
	return s + `}]}`
}

// toMany is the relationship document GET /:type/:id/relationships/:rel
// returns for a to-many (JA-REL-06: the write endpoints answer with it).
func toMany(path, typ string, ids ...string) string {
	s := `{"jsonapi":{"version":"1.1"},"data":[`
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += `{"type":"` + typ + `","id":"` + id + `"}`
	}
	page := base + path + `?page%5Blimit%5D=100\u0026page%5Boffset%5D=0`
	return s + `],"links":{"self":"` + base + path + `","first":"` + page + `","last":"` + page + `","prev":null,"next":null},"meta":{"total":` + strconv.Itoa(len(ids)) + `}}`
}

// toOne is the relationship document of a to-one.
func toOne(path, typ, id string) string {
	data := "null"
	if id != "" {
		data = `{"type":"` + typ + `","id":"` + id + `"}`
	}
	return `{"jsonapi":{"version":"1.1"},"data":` + data + `,"links":{"self":"` + base + path + `"}}`
}
