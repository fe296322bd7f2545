package integration

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/restapi"
)

// TestRestExternalIDs: Options.ExternalIDs (ZenStack's externalIdMapping)
// addresses tags by their unique name, in URLs, documents, request linkage
// and filters.
func TestRestExternalIDs(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{ExternalIDs: map[string]string{"tag": "name"}, NestedRoutes: true}))
	get := func(path string) *response { return e.rest(t, system, "GET", path, "") }
	tag := get("/tag/go").ok(t).one(t)
	require.Equal(t, "go", tag.ID)
	require.Equal(t, restBase+"/tag/go", tag.Links["self"])
	require.Equal(t, map[string]any{"name": "go"}, tag.Attributes)
	get("/tag/nope").fails(t, 404)
	require.Equal(t, []string{"tag:go", "tag:ent"}, keys(get("/tag?filter[id]=ent,go").ok(t).list(t)))

	// linkage and included resources carry the external id
	d := get("/post/2?include=tags").ok(t)
	require.Equal(t, []string{"tag:go", "tag:ent", "tag:api"}, linkage(t, d.one(t).Relationships["tags"]))
	require.Equal(t, []string{"tag:go", "tag:ent", "tag:api"}, keys(d.Included))
	require.Equal(t, []string{"post:1", "post:4"}, keys(get("/post?filter[tags]=news").ok(t).list(t)))
	require.Equal(t, []string{"tag:news"}, get("/post/1/relationships/tags").ok(t).linkage(t))
	require.Equal(t, []string{"post:1", "post:4"}, keys(get("/tag/news/posts").ok(t).list(t)))
	require.Equal(t, []string{"tag:news"}, keys(get("/post/1/tags/news").ok(t).primary(t)))

	// request linkage and URLs name tags by name
	d = e.rest(t, system, "POST", "/post/1/relationships/tags", `{"data":[{"type":"tag","id":"go"}]}`).ok(t)
	require.Equal(t, []string{"tag:go", "tag:news"}, d.linkage(t))
	d = e.rest(t, system, "POST", "/tag/api/relationships/posts", `{"data":[{"type":"post","id":"1"}]}`).ok(t)
	require.Equal(t, []string{"post:1", "post:2", "post:6"}, d.linkage(t))
	r := e.rest(t, system, "POST", "/post?include=tags", `{"data":{"type":"post","attributes":{"title":"Tagged by name","authorId":1},"relationships":{"tags":{"data":[{"type":"tag","id":"ent"},{"type":"tag","id":"api"}]}}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	require.Equal(t, []string{"tag:ent", "tag:api"}, linkage(t, r.doc(t).one(t).Relationships["tags"]))
	eo := e.rest(t, system, "POST", "/post", `{"data":{"type":"post","attributes":{"title":"x","authorId":1},"relationships":{"tags":{"data":[{"type":"tag","id":"nope"}]}}}}`).fails(t, 404)
	require.Equal(t, map[string]string{"pointer": "/data/relationships/tags"}, eo.Source)

	// writes on a tag by name; a renamed tag moves
	d = e.rest(t, system, "PATCH", "/tag/news", `{"data":{"type":"tag","id":"news","attributes":{"name":"headlines"}}}`).ok(t)
	require.Equal(t, "headlines", d.one(t).ID)
	require.Equal(t, restBase+"/tag/headlines", d.one(t).Links["self"])
	get("/tag/news").fails(t, 404)
	r = e.rest(t, system, "POST", "/tag", `{"data":{"type":"tag","attributes":{"name":"hello world"}}}`)
	require.Equal(t, http.StatusCreated, r.status, r.body)
	require.Equal(t, restBase+"/tag/hello%20world", r.header.Get("Location"))
	require.Equal(t, "hello world", get("/tag/hello%20world").ok(t).one(t).ID)
	require.Equal(t, http.StatusNoContent, e.rest(t, system, "DELETE", "/tag/hello%20world", "").status)
	e.rest(t, system, "DELETE", "/tag/hello%20world", "").fails(t, 404)
	e.rest(t, system, "PATCH", "/tag/nope", `{"data":{"type":"tag","attributes":{"name":"x"}}}`).fails(t, 404)
}

// TestRestExternalIDsLinkage: a to-many linkage to a model with an external
// id is fetched with the external ids, batched, in id order.
func TestRestExternalIDsLinkage(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{ExternalIDs: map[string]string{"tag": "name"}, ToManyLinkage: true}))
	posts := e.rest(t, system, "GET", "/post?filter[id]=1,2", "").ok(t).list(t)
	require.Equal(t, []string{"tag:news"}, linkage(t, posts[0].Relationships["tags"]))
	require.Equal(t, []string{"tag:go", "tag:ent", "tag:api"}, linkage(t, posts[1].Relationships["tags"]))
}

// TestRestExternalIDsOptions: an attribute that cannot serve as the id is
// an error of New, naming every problem.
func TestRestExternalIDsOptions(t *testing.T) {
	e := newEnv(t, withSeed(nil))
	_, err := restapi.New(e.client.Resources(), restapi.Options{Endpoint: restBase, ExternalIDs: map[string]string{
		"nope": "name", "tag": "nope", "post": "title", "user": "email",
	}})
	require.Error(t, err)
	for _, want := range []string{
		`ExternalIDs: no resource type "nope"`,
		`ExternalIDs: tag has no attribute "nope"`,
		"ExternalIDs: post.title is not a unique, non-null attribute",
		"ExternalIDs: user.email may be hidden from a viewer: it cannot serve as the id",
	} {
		require.True(t, strings.Contains(err.Error(), want), "%v: want %q", err, want)
	}
	_, err = restapi.New(e.client.Resources(), restapi.Options{Endpoint: restBase, ExternalIDs: map[string]string{"tag": "name"}})
	require.NoError(t, err)
}
