package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/restapi"
)

// TestRestNestedRoutes: Options.NestedRoutes (ZenStack v3's nestedRoutes)
// address the members of a relationship through their parent.
func TestRestNestedRoutes(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{NestedRoutes: true}))
	get := func(path string) *response { return e.rest(t, system, "GET", path, "") }

	// GET a member: 200 with the nested URL as the document's self
	d := get("/user/1/posts/2?fields[post]=title").ok(t)
	p := d.one(t)
	require.Equal(t, "post:2", p.Type+":"+p.ID)
	require.Equal(t, restBase+"/user/1/posts/2?fields[post]=title", *d.Links["self"])
	require.Equal(t, restBase+"/post/2", p.Links["self"]) // the canonical URL
	require.Equal(t, []string{"tag:4"}, keys(get("/post/1/tags/4").ok(t).primary(t)))
	for path, status := range map[string]int{
		"/user/1/posts/4":     404, // Bob's
		"/user/9/posts/1":     404, // no such parent
		"/post/1/tags/1":      404,
		"/user/1/posts/abc":   400, // invalid-id
		"/post/1/author/1":    400, // a to-one has no members: invalid-path
		"/user/1/nope/1":      400,
		"/user/1/profile/1":   400,
		"/post/1/comments/1x": 400,
	} {
		require.Equal(t, status, get(path).status, path)
	}
	// the relationship endpoints keep their meaning
	require.Equal(t, []string{"tag:4"}, get("/post/1/relationships/tags").ok(t).linkage(t))

	// POST creates a member linked to the parent (201, canonical Location)
	r := e.rest(t, system, "POST", "/user/2/posts", `{"data":{"type":"post","attributes":{"title":"Nested"},"relationships":{"tags":{"data":[{"type":"tag","id":"1"}]}}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	created := r.doc(t).one(t)
	require.Equal(t, restBase+"/post/"+created.ID, r.header.Get("Location"))
	require.Equal(t, "user:2", linkage(t, created.Relationships["author"]))
	require.Contains(t, keys(get("/user/2/posts").ok(t).list(t)), "post:"+created.ID)
	r = e.rest(t, system, "POST", "/post/1/tags", `{"data":{"type":"tag","attributes":{"name":"nested"}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	require.Equal(t, []string{"tag:4", "tag:" + r.doc(t).one(t).ID}, get("/post/1/relationships/tags").ok(t).linkage(t))
	// the route sets the parent: the body may not
	for body, ptr := range map[string]string{
		`{"data":{"type":"post","attributes":{"title":"x"},"relationships":{"author":{"data":{"type":"user","id":"1"}}}}}`: "/data/relationships/author",
		`{"data":{"type":"post","attributes":{"title":"x","authorId":1}}}`:                                                 "/data/attributes/authorId",
	} {
		eo := e.rest(t, system, "POST", "/user/2/posts", body).fails(t, 400)
		require.Equal(t, "invalid-payload", eo.Code)
		require.Equal(t, map[string]string{"pointer": ptr}, eo.Source)
	}
	e.rest(t, system, "POST", "/user/9/posts", `{"data":{"type":"post","attributes":{"title":"x"}}}`).fails(t, 404)

	// PATCH a member, or the row of a to-one
	d = e.rest(t, system, "PATCH", "/user/1/posts/2?fields[post]=title", `{"data":{"type":"post","attributes":{"title":"Renamed"}}}`).ok(t)
	require.Equal(t, map[string]any{"title": "Renamed"}, d.one(t).Attributes)
	require.Equal(t, restBase+"/user/1/posts/2?fields[post]=title", *d.Links["self"])
	e.rest(t, system, "PATCH", "/user/2/posts/1", `{"data":{"type":"post","attributes":{"title":"Not Bob's"}}}`).fails(t, 404)
	require.Equal(t, "Welcome to the entstack blog", get("/post/1").ok(t).one(t).Attributes["title"])
	d = e.rest(t, system, "PUT", "/user/1/profile", `{"data":{"type":"profile","attributes":{"bio":"Nested bio"}}}`).ok(t)
	require.Equal(t, "profile:1", d.one(t).Type+":"+d.one(t).ID)
	require.Equal(t, "Nested bio", d.one(t).Attributes["bio"])
	e.rest(t, system, "PATCH", "/user/3/profile", `{"data":{"type":"profile","attributes":{"bio":"x"}}}`).fails(t, 404)
	e.rest(t, system, "PATCH", "/user/1/profile", `{"data":{"type":"profile","relationships":{"user":{"data":{"type":"user","id":"3"}}}}}`).fails(t, 400)
	e.rest(t, system, "PATCH", "/user/1/posts/2", `{"data":{"type":"post","id":"3","attributes":{"title":"x"}}}`).fails(t, 409)

	// DELETE a member: 204; one of another parent: 404
	e.rest(t, system, "DELETE", "/user/1/posts/5", "").fails(t, 404)
	require.Equal(t, http.StatusNoContent, e.rest(t, system, "DELETE", "/user/2/posts/5", "").status)
	get("/post/5").fails(t, 404)

	// methods the nested routes do not serve
	r = e.rest(t, system, "POST", "/user/1/posts/2", `{"data":null}`)
	require.Equal(t, 405, r.status)
	require.Equal(t, "GET, HEAD, PATCH, PUT, DELETE", r.header.Get("Allow"))
	r = e.rest(t, system, "DELETE", "/user/1/posts", "")
	require.Equal(t, "GET, HEAD, POST", r.header.Get("Allow"))
}

// TestRestNestedRoutesOff: without the option the nested paths name no
// endpoint, and the related endpoints stay read-only.
func TestRestNestedRoutesOff(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{}))
	require.Equal(t, "invalid-path", e.rest(t, system, "GET", "/user/1/posts/2", "").fails(t, 400).Code)
	r := e.rest(t, system, "POST", "/user/1/posts", `{"data":{"type":"post","attributes":{"title":"x"}}}`)
	require.Equal(t, 405, r.status, r.body)
	require.Equal(t, "GET, HEAD", r.header.Get("Allow"))
}

// TestRestNestedRoutesPolicy: the parent must be readable, the member too,
// and a nested create is a create for the policy.
func TestRestNestedRoutesPolicy(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{NestedRoutes: true}))
	e.rest(t, anonymous, "GET", "/user/1/posts/2", "").ok(t)
	e.rest(t, anonymous, "GET", "/user/1/posts/3", "").fails(t, 404) // a draft
	e.rest(t, anonymous, "GET", "/post/3/comments/1", "").fails(t, 404)
	e.rest(t, anonymous, "POST", "/user/1/posts", `{"data":{"type":"post","attributes":{"title":"x"}}}`).fails(t, 403)
	e.rest(t, anonymous, "DELETE", "/user/1/posts/3", "").fails(t, 404)
}
