package integration

import (
	"net/http"
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
			`{"data":null}`, ""},
		{"profile replaced on its user", "PATCH", "/user/2/relationships/profile",
			`{"data":{"type":"profile","id":"1"}}`, ""},
		{"profile removed from its user in the body", "PATCH", "/user/2",
			`{"data":{"type":"user","id":"2","relationships":{"profile":{"data":null}}}}`, ""},
	}
	for _, c := range rest {
		t.Run("REST "+c.name, func(t *testing.T) {
			if c.gap != "" {
				t.Skip("known gap: " + c.gap)
			}
			e := newEnv(t)
			e.rest(t, bob, c.method, c.path, c.body).fails(t, http.StatusForbidden)
			e.ownersUnchanged(t)
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
			e := newEnv(t)
			e.rpc(t, bob, http.MethodPut, c.path, c.body).rpcFails(t, http.StatusForbidden)
			e.ownersUnchanged(t)
		})
	}
}

// otherSide is the gap of unlinking a row from the other side of its
// relation: the change reaches the row as a foreign-key update that its own
// update rules do not see yet (issue 11, item 1).
const otherSide = "an unlink from the other side of the relation skips the row's own update rules"

// ownersUnchanged checks that comment 1 is still Bob's and profile 2 too,
// through both APIs.
func (e *env) ownersUnchanged(t *testing.T) {
	t.Helper()
	require.Equal(t, float64(2), e.rest(t, emily, "GET", "/comment/1?fields[comment]=authorId", "").ok(t).one(t).Attributes["authorId"])
	require.Equal(t, float64(2), e.rest(t, emily, "GET", "/profile/2?fields[profile]=userId", "").ok(t).one(t).Attributes["userId"])
	e.rpc(t, emily, http.MethodGet, "comment/findUnique", `{"where":{"id":1},"select":{"authorId":true}}`).data(t, `{"authorId":2}`)
	e.rpc(t, emily, http.MethodGet, "profile/findUnique", `{"where":{"id":2},"select":{"userId":true}}`).data(t, `{"userId":2}`)
}

// TestCreatedAtIsServerSet: createdAt is read-only in the reference schema,
// so no client can forge when a post was written, through either API.
func TestCreatedAtIsServerSet(t *testing.T) {
	e := newEnv(t)
	e.rest(t, bob, "POST", "/post", `{"data":{"type":"post","attributes":{"title":"t","authorId":2,"createdAt":"2020-01-01T00:00:00Z"}}}`).fails(t, http.StatusForbidden)
	err := e.rpc(t, bob, http.MethodPost, "post/create", `{"data":{"title":"t","authorId":2,"createdAt":"2020-01-01T00:00:00Z"}}`).rpcFails(t, http.StatusUnprocessableEntity)
	require.Contains(t, err.Message, "createdAt")
	require.Equal(t, 6, e.count(t, "posts"), "nothing was created")
}

// TestHeldToOneRelinked: a to-one relationship that holds its row (each
// profile needs its user) may be set to the row it already has; clearing
// or replacing it is refused with the relationship named, not a NOT NULL
// failure of the database.
func TestHeldToOneRelinked(t *testing.T) {
	e := newEnv(t)
	e.rest(t, bob, "PATCH", "/user/2/relationships/profile", `{"data":{"type":"profile","id":"2"}}`).ok(t)
	err := e.rest(t, bob, "PATCH", "/user/2/relationships/profile", `{"data":null}`).fails(t, http.StatusForbidden)
	require.Contains(t, err.Detail, "relationship user.profile cannot be cleared or replaced")
	require.Equal(t, "/data", err.Source["pointer"])
	err = e.rest(t, bob, "PATCH", "/user/2", `{"data":{"type":"user","id":"2","relationships":{"profile":{"data":null}}}}`).fails(t, http.StatusForbidden)
	require.Equal(t, "/data/relationships/profile", err.Source["pointer"])
	e.ownersUnchanged(t)
}
