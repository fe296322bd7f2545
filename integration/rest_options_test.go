package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/restapi"
)

// restOnly serves the demo data with a restapi.Handler of its own options
// at /api/rest (the example server uses the defaults), after edits of its
// registry. It has no authentication: send requests as system (or
// anonymous, whom the policies let read published posts only).
func restOnly(opts restapi.Options, edits ...func(*resource.ModelSpec)) option {
	return withHandler(func(c *ent.Client) (http.Handler, error) {
		reg := c.Resources(edits...)
		opts.Endpoint = restBase
		h, err := restapi.New(reg, opts)
		return http.StripPrefix("/api/rest", h), err
	})
}

// TestRestHideForeignKeys: JA-RES-09, foreign keys out of the attributes,
// the relationship still carries the linkage.
func TestRestHideForeignKeys(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{HideForeignKeys: true}))
	p := e.rest(t, system, "GET", "/post/4", "").ok(t).one(t)
	require.Equal(t, map[string]any{
		"title": "My first post", "content": `Content of "My first post".`, "published": true,
		"viewCount": float64(15), "rating": 3.9, "createdAt": "2026-01-05T09:00:00Z",
	}, p.Attributes)
	require.Equal(t, "user:2", linkage(t, p.Relationships["author"]))
	c := e.rest(t, system, "GET", "/comment/4", "").ok(t).one(t)
	require.Equal(t, map[string]any{"content": "Nice one (anonymous)."}, c.Attributes)
	require.Nil(t, linkage(t, c.Relationships["author"]))
	require.Equal(t, "post:4", linkage(t, c.Relationships["post"]))
}

// TestRestUnlimitedPages: PageSize Unlimited (ZenStack's Infinity) returns
// every row; the pagination links have no page parameters.
func TestRestUnlimitedPages(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{PageSize: restapi.Unlimited}))
	r := e.rest(t, system, "GET", "/post?sort=-id", "").ok(t)
	require.Equal(t, []string{"post:6", "post:5", "post:4", "post:3", "post:2", "post:1"}, keys(r.list(t)))
	self := restBase + "/post?sort=-id"
	require.Equal(t, map[string]*string{"self": &self, "first": &self, "last": &self, "prev": nil, "next": nil}, r.Links)
	require.Equal(t, map[string]any{"total": float64(6)}, r.Meta)

	r = e.rest(t, system, "GET", "/post?page[offset]=4&page[limit]=1", "").ok(t)
	require.Equal(t, []string{"post:5"}, keys(r.list(t)))
}

// TestRestSmallPages: a configured page size applies to collections,
// related collections and relationships alike.
func TestRestSmallPages(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{PageSize: 2, MaxPageSize: 3}))
	for path, want := range map[string][]string{
		"/post":                        {"post:1", "post:2"},
		"/user/1/posts":                {"post:1", "post:2"},
		"/post?page[limit]=3":          {"post:1", "post:2", "post:3"},
		"/post?page[offset]=5":         {"post:6"},
		"/user/1/posts?page[offset]=2": {"post:3"},
	} {
		r := e.rest(t, system, "GET", path, "").ok(t)
		require.Equal(t, want, keys(r.list(t)), path)
	}
	r := e.rest(t, system, "GET", "/user/1/relationships/posts", "").ok(t)
	require.Equal(t, []string{"post:1", "post:2"}, r.linkage(t))
	require.Equal(t, map[string]any{"total": float64(3)}, r.Meta)
	// ZenStack clamps a limit over the maximum; the links carry the limit
	// applied
	r = e.rest(t, system, "GET", "/post?page[limit]=4&page[offset]=1", "").ok(t)
	require.Equal(t, []string{"post:2", "post:3", "post:4"}, keys(r.list(t)))
	page := func(q string) *string { s := restBase + "/post?" + q; return &s }
	require.Equal(t, map[string]*string{
		"self":  page("page%5Blimit%5D=4&page%5Boffset%5D=1"),
		"first": page("page%5Blimit%5D=3&page%5Boffset%5D=0"),
		"last":  page("page%5Blimit%5D=3&page%5Boffset%5D=3"),
		"prev":  page("page%5Blimit%5D=3&page%5Boffset%5D=0"),
		"next":  page("page%5Blimit%5D=3&page%5Boffset%5D=4"),
	}, r.Links)
}
