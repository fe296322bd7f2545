package integration

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/restapi"
)

// handlerAPI serves the demo data with a restapi.Handler of its own options
// (the example server uses the defaults), mounted at /api/rest.
func handlerAPI(t *testing.T, opts restapi.Options) *api {
	t.Helper()
	a := &api{sql: &sqlLog{}}
	a.client = openBlog(t, ent.Log(a.sql.add))
	t.Cleanup(func() { a.client.Close() })
	require.NoError(t, server.Seed(context.Background(), a.client))
	ts := httptest.NewServer(nil)
	opts.Endpoint = ts.URL + "/api/rest"
	rest, err := restapi.New(a.client.Resources(), opts)
	require.NoError(t, err)
	h := http.StripPrefix("/api/rest", rest)
	// these tests are about the handler's options, not the access
	// policies: every request reads as the system
	ts.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(privacy.Bypass(r.Context())))
	})
	t.Cleanup(ts.Close)
	a.url = ts.URL
	return a
}

// TestRestHideForeignKeys: JA-RES-09, foreign keys out of the attributes,
// the relationship still carries the linkage.
func TestRestHideForeignKeys(t *testing.T) {
	a := handlerAPI(t, restapi.Options{HideForeignKeys: true})
	p := a.anon(t, "/post/4").ok(t).one(t)
	require.Equal(t, map[string]any{
		"title": "My first post", "content": `Content of "My first post".`, "published": true,
		"viewCount": float64(15), "rating": 3.9, "createdAt": "2026-01-05T09:00:00Z",
	}, p.Attributes)
	require.Equal(t, "user:2", linkage(t, p.Relationships["author"]))
	c := a.anon(t, "/comment/4").ok(t).one(t)
	require.Equal(t, map[string]any{"content": "Nice one (anonymous)."}, c.Attributes)
	require.Nil(t, linkage(t, c.Relationships["author"]))
	require.Equal(t, "post:4", linkage(t, c.Relationships["post"]))
}

// TestRestUnlimitedPages: PageSize Unlimited (ZenStack's Infinity) returns
// every row; the pagination links have no page parameters.
func TestRestUnlimitedPages(t *testing.T) {
	a := handlerAPI(t, restapi.Options{PageSize: restapi.Unlimited})
	r := a.anon(t, "/post?sort=-id").ok(t)
	require.Equal(t, []string{"post:6", "post:5", "post:4", "post:3", "post:2", "post:1"}, keys(r.list(t)))
	self := a.rest("/post?sort=-id")
	require.Equal(t, map[string]*string{"self": &self, "first": &self, "last": &self, "prev": nil, "next": nil}, r.doc.Links)
	require.Equal(t, map[string]any{"total": float64(6)}, r.doc.Meta)

	r = a.anon(t, "/post?page[offset]=4&page[limit]=1").ok(t)
	require.Equal(t, []string{"post:5"}, keys(r.list(t)))
}

// TestRestSmallPages: a configured page size applies to collections,
// related collections and relationships alike.
func TestRestSmallPages(t *testing.T) {
	a := handlerAPI(t, restapi.Options{PageSize: 2, MaxPageSize: 3})
	for path, want := range map[string][]string{
		"/post":                        {"post:1", "post:2"},
		"/user/1/posts":                {"post:1", "post:2"},
		"/post?page[limit]=3":          {"post:1", "post:2", "post:3"},
		"/post?page[offset]=5":         {"post:6"},
		"/user/1/posts?page[offset]=2": {"post:3"},
	} {
		r := a.anon(t, path).ok(t)
		require.Equal(t, want, keys(r.list(t)), path)
	}
	r := a.anon(t, "/user/1/relationships/posts").ok(t)
	require.Equal(t, []string{"post:1", "post:2"}, linkage(t, relationship{Data: r.doc.Data}))
	require.Equal(t, map[string]any{"total": float64(3)}, r.doc.Meta)
	r = a.anon(t, "/post?page[limit]=4")
	require.Equal(t, 400, r.status)
	require.Equal(t, "page[limit] must be at most 3, got 4", r.doc.Errors[0].Detail)
}
