package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/restapi"
)

// TestRestExternalIDs: Options.ExternalIDs (ZenStack's externalIdMapping)
// addresses tags by their unique name, in URLs, documents, request linkage
// and filters.
func TestRestExternalIDs(t *testing.T) {
	a := handlerAPI(t, restapi.Options{ExternalIDs: map[string]string{"tag": "name"}, NestedRoutes: true})
	tag := a.anon(t, "/tag/go").ok(t).one(t)
	require.Equal(t, "go", tag.ID)
	require.Equal(t, a.rest("/tag/go"), tag.Links["self"])
	require.Equal(t, map[string]any{"name": "go"}, tag.Attributes)
	require.Equal(t, 404, a.anon(t, "/tag/nope").status)
	require.Equal(t, []string{"tag:go", "tag:ent"}, keys(a.anon(t, "/tag?filter[id]=ent,go").ok(t).list(t)))

	// linkage and included resources carry the external id
	r := a.anon(t, "/post/2?include=tags").ok(t)
	require.Equal(t, []string{"tag:go", "tag:ent", "tag:api"}, linkage(t, r.one(t).Relationships["tags"]))
	require.Equal(t, []string{"tag:go", "tag:ent", "tag:api"}, keys(r.doc.Included))
	require.Equal(t, []string{"post:1", "post:4"}, keys(a.anon(t, "/post?filter[tags]=news").ok(t).list(t)))
	require.Equal(t, []string{"tag:news"}, linkage(t, relationship{Data: a.anon(t, "/post/1/relationships/tags").ok(t).doc.Data}))
	require.Equal(t, []string{"post:1", "post:4"}, keys(a.anon(t, "/tag/news/posts").ok(t).list(t)))
	require.Equal(t, "tag:news", keys([]resourceObject{*a.anon(t, "/post/1/tags/news").ok(t).one(t)})[0])

	// request linkage and URLs name tags by name
	r = a.send(t, "POST", "/post/1/relationships/tags", `{"data":[{"type":"tag","id":"go"}]}`).ok(t)
	require.Equal(t, []string{"tag:go", "tag:news"}, linkage(t, relationship{Data: r.doc.Data}))
	r = a.send(t, "POST", "/tag/api/relationships/posts", `{"data":[{"type":"post","id":"1"}]}`).ok(t)
	require.Equal(t, []string{"post:1", "post:2", "post:6"}, linkage(t, relationship{Data: r.doc.Data}))
	r = a.send(t, "POST", "/post?include=tags", `{"data":{"type":"post","attributes":{"title":"Tagged by name","authorId":1},"relationships":{"tags":{"data":[{"type":"tag","id":"ent"},{"type":"tag","id":"api"}]}}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	require.Equal(t, []string{"tag:ent", "tag:api"}, linkage(t, r.one(t).Relationships["tags"]))
	r = a.send(t, "POST", "/post", `{"data":{"type":"post","attributes":{"title":"x","authorId":1},"relationships":{"tags":{"data":[{"type":"tag","id":"nope"}]}}}}`)
	require.Equal(t, 404, r.status, r.body)
	require.Equal(t, map[string]string{"pointer": "/data/relationships/tags"}, r.doc.Errors[0].Source)

	// writes on a tag by name; a renamed tag moves
	r = a.send(t, "PATCH", "/tag/news", `{"data":{"type":"tag","id":"news","attributes":{"name":"headlines"}}}`).ok(t)
	require.Equal(t, "headlines", r.one(t).ID)
	require.Equal(t, a.rest("/tag/headlines"), r.one(t).Links["self"])
	require.Equal(t, 404, a.anon(t, "/tag/news").status)
	r = a.send(t, "POST", "/tag", `{"data":{"type":"tag","attributes":{"name":"hello world"}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	require.Equal(t, a.rest("/tag/hello%20world"), r.header.Get("Location"))
	require.Equal(t, "hello world", a.anon(t, "/tag/hello%20world").ok(t).one(t).ID)
	require.Equal(t, http.StatusNoContent, a.send(t, "DELETE", "/tag/hello%20world", "").status)
	require.Equal(t, 404, a.send(t, "DELETE", "/tag/hello%20world", "").status)
	require.Equal(t, 404, a.send(t, "PATCH", "/tag/nope", `{"data":{"type":"tag","attributes":{"name":"x"}}}`).status)
}

// TestRestExternalIDsLinkage: a to-one or to-many linkage to a model with
// an external id is fetched (the foreign key holds the id), batched.
func TestRestExternalIDsLinkage(t *testing.T) {
	a := handlerAPI(t, restapi.Options{ExternalIDs: map[string]string{"tag": "name"}, ToManyLinkage: true})
	posts := a.anon(t, "/post?filter[id]=1,2").ok(t).list(t)
	require.Equal(t, []string{"tag:news"}, linkage(t, posts[0].Relationships["tags"]))
	require.Equal(t, []string{"tag:go", "tag:ent", "tag:api"}, linkage(t, posts[1].Relationships["tags"]))
}

// TestRestExternalIDsOptions: an attribute that cannot serve as the id is a
// panic at New, naming the problem.
func TestRestExternalIDsOptions(t *testing.T) {
	a := handlerAPI(t, restapi.Options{})
	for ext, want := range map[string]string{
		"nope:name":  `no resource type "nope"`,
		"tag:nope":   `tag has no attribute "nope"`,
		"post:title": "post.title is not a unique, non-null attribute",
		"user:email": "user.email may be hidden from a viewer: it cannot serve as the id",
	} {
		typ, field, _ := cutColon(ext)
		require.PanicsWithValue(t, "restapi: ExternalIDs: "+want, func() {
			restapi.New(a.client.Resources(), restapi.Options{Endpoint: "http://x", ExternalIDs: map[string]string{typ: field}})
		}, ext)
	}
}

func cutColon(s string) (string, string, bool) {
	for i := range s {
		if s[i] == ':' {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
