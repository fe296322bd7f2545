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
	a := handlerAPI(t, restapi.Options{NestedRoutes: true})

	// GET a member: 200 with the nested URL as the document's self
	r := a.anon(t, "/user/1/posts/2?fields[post]=title").ok(t)
	p := r.one(t)
	require.Equal(t, "post:2", p.Type+":"+p.ID)
	require.Equal(t, a.rest("/user/1/posts/2?fields[post]=title"), *r.doc.Links["self"])
	require.Equal(t, a.rest("/post/2"), p.Links["self"]) // the canonical URL
	require.Equal(t, "tag:4", keys([]resourceObject{*a.anon(t, "/post/1/tags/4").ok(t).one(t)})[0])
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
		require.Equal(t, status, a.anon(t, path).status, path)
	}
	// the relationship endpoints keep their meaning
	require.Equal(t, []string{"tag:4"}, linkage(t, relationship{Data: a.anon(t, "/post/1/relationships/tags").ok(t).doc.Data}))

	// POST creates a member linked to the parent (201, canonical Location)
	r = a.send(t, "POST", "/user/2/posts", `{"data":{"type":"post","attributes":{"title":"Nested"},"relationships":{"tags":{"data":[{"type":"tag","id":"1"}]}}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	created := r.one(t)
	require.Equal(t, a.rest("/post/"+created.ID), r.header.Get("Location"))
	require.Equal(t, "user:2", linkage(t, created.Relationships["author"]))
	require.Contains(t, keys(a.anon(t, "/user/2/posts").ok(t).list(t)), "post:"+created.ID)
	r = a.send(t, "POST", "/post/1/tags", `{"data":{"type":"tag","attributes":{"name":"nested"}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	require.Equal(t, []string{"tag:4", "tag:" + r.one(t).ID}, linkage(t, relationship{Data: a.anon(t, "/post/1/relationships/tags").ok(t).doc.Data}))
	// the route sets the parent: the body may not
	for body, ptr := range map[string]string{
		`{"data":{"type":"post","attributes":{"title":"x"},"relationships":{"author":{"data":{"type":"user","id":"1"}}}}}`: "/data/relationships/author",
		`{"data":{"type":"post","attributes":{"title":"x","authorId":1}}}`:                                                 "/data/attributes/authorId",
	} {
		r = a.send(t, "POST", "/user/2/posts", body)
		require.Equal(t, 400, r.status, r.body)
		require.Equal(t, "invalid-payload", r.doc.Errors[0].Code)
		require.Equal(t, map[string]string{"pointer": ptr}, r.doc.Errors[0].Source)
	}
	require.Equal(t, 404, a.send(t, "POST", "/user/9/posts", `{"data":{"type":"post","attributes":{"title":"x"}}}`).status)

	// PATCH a member, or the row of a to-one
	r = a.send(t, "PATCH", "/user/1/posts/2?fields[post]=title", `{"data":{"type":"post","attributes":{"title":"Renamed"}}}`).ok(t)
	require.Equal(t, map[string]any{"title": "Renamed"}, r.one(t).Attributes)
	require.Equal(t, a.rest("/user/1/posts/2?fields[post]=title"), *r.doc.Links["self"])
	r = a.send(t, "PATCH", "/user/2/posts/1", `{"data":{"type":"post","attributes":{"title":"Not Bob's"}}}`)
	require.Equal(t, 404, r.status, r.body)
	require.Equal(t, "Welcome to the entstack blog", a.anon(t, "/post/1").ok(t).one(t).Attributes["title"])
	r = a.send(t, "PUT", "/user/1/profile", `{"data":{"type":"profile","attributes":{"bio":"Nested bio"}}}`).ok(t)
	require.Equal(t, "profile:1", r.one(t).Type+":"+r.one(t).ID)
	require.Equal(t, "Nested bio", r.one(t).Attributes["bio"])
	require.Equal(t, 404, a.send(t, "PATCH", "/user/3/profile", `{"data":{"type":"profile","attributes":{"bio":"x"}}}`).status)
	r = a.send(t, "PATCH", "/user/1/profile", `{"data":{"type":"profile","relationships":{"user":{"data":{"type":"user","id":"3"}}}}}`)
	require.Equal(t, 400, r.status, r.body)
	r = a.send(t, "PATCH", "/user/1/posts/2", `{"data":{"type":"post","id":"3","attributes":{"title":"x"}}}`)
	require.Equal(t, 409, r.status, r.body)

	// DELETE a member: 204; one of another parent: 404
	require.Equal(t, 404, a.send(t, "DELETE", "/user/1/posts/5", "").status)
	require.Equal(t, http.StatusNoContent, a.send(t, "DELETE", "/user/2/posts/5", "").status)
	require.Equal(t, 404, a.anon(t, "/post/5").status)

	// methods the nested routes do not serve
	r = a.send(t, "POST", "/user/1/posts/2", `{"data":null}`)
	require.Equal(t, 405, r.status)
	require.Equal(t, "GET, HEAD, PATCH, PUT, DELETE", r.header.Get("Allow"))
	r = a.send(t, "DELETE", "/user/1/posts", "")
	require.Equal(t, "GET, HEAD, POST", r.header.Get("Allow"))
}

// TestRestNestedRoutesOff: without the option the nested paths name no
// endpoint, and the related endpoints stay read-only.
func TestRestNestedRoutesOff(t *testing.T) {
	a := handlerAPI(t, restapi.Options{})
	require.Equal(t, 400, a.anon(t, "/user/1/posts/2").status)
	r := a.send(t, "POST", "/user/1/posts", `{"data":{"type":"post","attributes":{"title":"x"}}}`)
	require.Equal(t, 405, r.status, r.body)
	require.Equal(t, "GET, HEAD", r.header.Get("Allow"))
}

// TestRestNestedRoutesPolicy: the parent must be readable, the member too,
// and a nested create is a create for the policy.
func TestRestNestedRoutesPolicy(t *testing.T) {
	a := anonHandlerAPI(t, restapi.Options{NestedRoutes: true})
	require.Equal(t, 200, a.anon(t, "/user/1/posts/2").status)
	require.Equal(t, 404, a.anon(t, "/user/1/posts/3").status) // a draft
	require.Equal(t, 404, a.anon(t, "/post/3/comments/1").status)
	r := a.send(t, "POST", "/user/1/posts", `{"data":{"type":"post","attributes":{"title":"x"}}}`)
	require.Equal(t, 403, r.status, r.body)
	require.Equal(t, 404, a.send(t, "DELETE", "/user/1/posts/3", "").status)
}
