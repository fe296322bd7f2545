package integration

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestOwnershipCannotMove: the reference policy's deny rules keep a row's
// owner fixed (a post's author, a comment's author, a profile's user), by
// every path either API offers: the foreign-key attribute, the relationship
// in a body, the relationship endpoint, and the other side of the relation.
// Bob owns comment 1 (on Emily's published post 1) and profile 2.
func TestOwnershipCannotMove(t *testing.T) {
	rest := []struct {
		name, method, path, body string
		gap                      string // a known gap: the case is skipped until it is closed
	}{
		{"comment author attribute", "PATCH", "/comment/1",
			`{"data":{"type":"comment","id":"1","attributes":{"authorId":3}}}`, ""},
		{"comment author attribute to nobody", "PATCH", "/comment/1",
			`{"data":{"type":"comment","id":"1","attributes":{"authorId":null}}}`, ""},
		{"comment author relationship in the body", "PATCH", "/comment/1",
			`{"data":{"type":"comment","id":"1","relationships":{"author":{"data":{"type":"user","id":"3"}}}}}`, ""},
		{"comment author relationship endpoint", "PATCH", "/comment/1/relationships/author",
			`{"data":{"type":"user","id":"3"}}`, ""},
		{"comment author cleared through the endpoint", "PATCH", "/comment/1/relationships/author",
			`{"data":null}`, ""},
		{"profile user attribute", "PATCH", "/profile/2",
			`{"data":{"type":"profile","id":"2","attributes":{"userId":3}}}`, ""},
		{"profile user relationship in the body", "PATCH", "/profile/2",
			`{"data":{"type":"profile","id":"2","relationships":{"user":{"data":{"type":"user","id":"3"}}}}}`, ""},
		{"profile user relationship endpoint", "PATCH", "/profile/2/relationships/user",
			`{"data":{"type":"user","id":"3"}}`, ""},
		{"post author relationship endpoint", "PATCH", "/post/4/relationships/author",
			`{"data":{"type":"user","id":"3"}}`, ""},
		{"comment removed from its author's comments", "DELETE", "/user/2/relationships/comments",
			`{"data":[{"type":"comment","id":"1"}]}`, otherSide},
		{"comments of the author replaced", "PATCH", "/user/2/relationships/comments",
			`{"data":[]}`, otherSide},
		{"profile removed from its user", "PATCH", "/user/2/relationships/profile",
			`{"data":null}`, "clearing a required relation from its other side is a 500 (NOT NULL constraint), not a 4xx"},
	}
	for _, c := range rest {
		t.Run("REST "+c.name, func(t *testing.T) {
			if c.gap != "" {
				t.Skip("known gap: " + c.gap)
			}
			env := startBlog(t)
			st, doc := env.send(t, bob, c.method, c.path, c.body)
			require.Equal(t, http.StatusForbidden, st, "%+v", doc)
			env.ownersUnchanged(t)
		})
	}

	rpc := []struct{ name, path, body, gap string }{
		{"comment authorId", "comment/update", `{"where":{"id":1},"data":{"authorId":3}}`, ""},
		{"comment authorId to null", "comment/update", `{"where":{"id":1},"data":{"authorId":null}}`, ""},
		{"comment author connect", "comment/update", `{"where":{"id":1},"data":{"author":{"connect":{"id":3}}}}`, ""},
		{"comment author disconnect", "comment/update", `{"where":{"id":1},"data":{"author":{"disconnect":true}}}`, ""},
		{"profile userId", "profile/update", `{"where":{"id":2},"data":{"userId":3}}`, ""},
		{"profile user connect", "profile/update", `{"where":{"id":2},"data":{"user":{"connect":{"id":3}}}}`, ""},
		{"comment disconnected from its author", "user/update", `{"where":{"id":2},"data":{"comments":{"disconnect":[{"id":1}]}}}`, otherSide},
		{"comments of the author set", "user/update", `{"where":{"id":2},"data":{"comments":{"set":[]}}}`, otherSide},
		// As ZenStack does for a post-update violation: the whole bulk
		// write is rejected.
		{"updateMany", "comment/updateMany", `{"where":{"id":1},"data":{"authorId":3}}`, ""},
	}
	for _, c := range rpc {
		t.Run("RPC "+c.name, func(t *testing.T) {
			if c.gap != "" {
				t.Skip("known gap: " + c.gap)
			}
			ts := rpcServer(t, t.Name()).URL
			st, body := doAs(t, int(bob), http.MethodPut, ts+"/api/rpc/"+c.path, c.body)
			require.Equal(t, http.StatusForbidden, st, body)
			ownersUnchanged(t, ts)
		})
	}
}

// otherSide is the gap of unlinking a row from the other side of its
// relation: the change reaches the row as a foreign-key update that its own
// update rules do not see yet (issue 11, item 1).
const otherSide = "an unlink from the other side of the relation skips the row's own update rules"

// ownersUnchanged checks that comment 1 is still Bob's and profile 2 too.
func (env *blogEnv) ownersUnchanged(t *testing.T) {
	t.Helper()
	st, doc := env.get(t, emily, "/comment/1?fields[comment]=authorId")
	require.Equal(t, http.StatusOK, st)
	require.Contains(t, string(doc.Data), `"authorId":2`)
	st, doc = env.get(t, emily, "/profile/2?fields[profile]=userId")
	require.Equal(t, http.StatusOK, st)
	require.Contains(t, string(doc.Data), `"userId":2`)
}

// ownersUnchanged is the same check through the RPC API of the server at ts.
func ownersUnchanged(t *testing.T, ts string) {
	t.Helper()
	st, body := doAs(t, int(emily), http.MethodGet, ts+"/api/rpc/comment/findUnique?q="+url.QueryEscape(`{"where":{"id":1},"select":{"authorId":true}}`), "")
	require.Equal(t, http.StatusOK, st, body)
	require.JSONEq(t, `{"data":{"authorId":2}}`, body)
	st, body = doAs(t, int(emily), http.MethodGet, ts+"/api/rpc/profile/findUnique?q="+url.QueryEscape(`{"where":{"id":2},"select":{"userId":true}}`), "")
	require.Equal(t, http.StatusOK, st, body)
	require.JSONEq(t, `{"data":{"userId":2}}`, body)
}

// TestCreatedAtIsServerSet: createdAt is read-only in the reference schema,
// so no client can forge when a post was written, through either API.
func TestCreatedAtIsServerSet(t *testing.T) {
	env := startBlog(t)
	st, doc := env.send(t, bob, "POST", "/post", `{"data":{"type":"post","attributes":{"title":"t","authorId":2,"createdAt":"2020-01-01T00:00:00Z"}}}`)
	require.Equal(t, http.StatusForbidden, st, "%+v", doc)
	ts := rpcServer(t, t.Name()).URL
	st, body := doAs(t, int(bob), http.MethodPost, ts+"/api/rpc/post/create", `{"data":{"title":"t","authorId":2,"createdAt":"2020-01-01T00:00:00Z"}}`)
	require.Equal(t, http.StatusUnprocessableEntity, st, body)
	require.Contains(t, body, "createdAt")
}
