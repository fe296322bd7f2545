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
	}{
		{"comment author attribute", "PATCH", "/comment/1",
			`{"data":{"type":"comment","id":"1","attributes":{"authorId":3}}}`},
		{"comment author attribute to nobody", "PATCH", "/comment/1",
			`{"data":{"type":"comment","id":"1","attributes":{"authorId":null}}}`},
		{"comment author relationship in the body", "PATCH", "/comment/1",
			`{"data":{"type":"comment","id":"1","relationships":{"author":{"data":{"type":"user","id":"3"}}}}}`},
		{"comment author relationship endpoint", "PATCH", "/comment/1/relationships/author",
			`{"data":{"type":"user","id":"3"}}`},
		{"comment author cleared through the endpoint", "PATCH", "/comment/1/relationships/author",
			`{"data":null}`},
		{"profile user attribute", "PATCH", "/profile/2",
			`{"data":{"type":"profile","id":"2","attributes":{"userId":3}}}`},
		{"profile user relationship in the body", "PATCH", "/profile/2",
			`{"data":{"type":"profile","id":"2","relationships":{"user":{"data":{"type":"user","id":"3"}}}}}`},
		{"profile user relationship endpoint", "PATCH", "/profile/2/relationships/user",
			`{"data":{"type":"user","id":"3"}}`},
		{"post author relationship endpoint", "PATCH", "/post/4/relationships/author",
			`{"data":{"type":"user","id":"3"}}`},
		{"comment removed from its author's comments", "DELETE", "/user/2/relationships/comments",
			`{"data":[{"type":"comment","id":"1"}]}`},
		{"comments of the author replaced", "PATCH", "/user/2/relationships/comments",
			`{"data":[]}`},
		{"profile removed from its user", "PATCH", "/user/2/relationships/profile",
			`{"data":null}`},
		{"profile replaced on its user", "PATCH", "/user/2/relationships/profile",
			`{"data":{"type":"profile","id":"1"}}`},
		{"profile removed from its user in the body", "PATCH", "/user/2",
			`{"data":{"type":"user","id":"2","relationships":{"profile":{"data":null}}}}`},
	}
	for _, c := range rest {
		t.Run("REST "+c.name, func(t *testing.T) {
			e := newEnv(t)
			e.rest(t, bob, c.method, c.path, c.body).fails(t, http.StatusForbidden)
			e.ownersUnchanged(t)
		})
	}

	rpc := []struct{ name, path, body string }{
		{"comment authorId", "comment/update", `{"where":{"id":1},"data":{"authorId":3}}`},
		{"comment authorId to null", "comment/update", `{"where":{"id":1},"data":{"authorId":null}}`},
		{"comment author connect", "comment/update", `{"where":{"id":1},"data":{"author":{"connect":{"id":3}}}}`},
		{"comment author disconnect", "comment/update", `{"where":{"id":1},"data":{"author":{"disconnect":true}}}`},
		{"profile userId", "profile/update", `{"where":{"id":2},"data":{"userId":3}}`},
		{"profile user connect", "profile/update", `{"where":{"id":2},"data":{"user":{"connect":{"id":3}}}}`},
		{"comment disconnected from its author", "user/update", `{"where":{"id":2},"data":{"comments":{"disconnect":[{"id":1}]}}}`},
		{"comments of the author set", "user/update", `{"where":{"id":2},"data":{"comments":{"set":[]}}}`},
		// As ZenStack does for a post-update violation: the whole bulk
		// write is rejected.
		{"updateMany", "comment/updateMany", `{"where":{"id":1},"data":{"authorId":3}}`},
	}
	for _, c := range rpc {
		t.Run("RPC "+c.name, func(t *testing.T) {
			e := newEnv(t)
			e.rpc(t, bob, http.MethodPut, c.path, c.body).rpcFails(t, http.StatusForbidden)
			e.ownersUnchanged(t)
		})
	}
}

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

// TestLinkFromTheOtherSide: a link changed from the other side of its
// relation is the linked row's foreign-key update, checked by that row's
// update rules with the key's new value: Bob cannot unlink his comment 1
// from himself (the deny rule is named), nor hand it to a user he creates,
// while links that leave every key as its rules want still work.
func TestLinkFromTheOtherSide(t *testing.T) {
	e := newEnv(t)
	const rule = `deny("update", "future().authorId != authorId")`
	err := e.rest(t, bob, "DELETE", "/user/2/relationships/comments", `{"data":[{"type":"comment","id":"1"}]}`).fails(t, http.StatusForbidden)
	require.Contains(t, err.Detail, rule)
	rerr := e.rpc(t, bob, http.MethodPut, "user/update", `{"where":{"id":2},"data":{"comments":{"disconnect":[{"id":1}]}}}`).rpcFails(t, http.StatusForbidden)
	require.Contains(t, rerr.Message, rule)
	users := e.count(t, "users")
	// (the new user's id is not known before the write: a rule reading it refuses)
	rerr = e.rpc(t, bob, http.MethodPost, "user/create", `{"data":{"email":"new@entstack.dev","comments":{"connect":[{"id":1}]}}}`).rpcFails(t, http.StatusForbidden)
	require.Contains(t, rerr.Message, "update Comment denied")
	err = e.rest(t, bob, "POST", "/user", `{"data":{"type":"user","attributes":{"email":"new@entstack.dev"},"relationships":{"comments":{"data":[{"type":"comment","id":"1"}]}}}}`).fails(t, http.StatusForbidden)
	require.Contains(t, err.Detail, "update Comment denied")
	require.Equal(t, users, e.count(t, "users"), "no user was created")
	e.ownersUnchanged(t)

	// relinking what is linked changes no key
	e.rest(t, bob, "POST", "/user/2/relationships/comments", `{"data":[{"type":"comment","id":"1"}]}`).ok(t)
	e.rpc(t, bob, http.MethodPut, "user/update", `{"where":{"id":2},"data":{"comments":{"set":[{"id":1},{"id":5}]}},"select":{"id":true}}`).data(t, `{"id":2}`)
	e.ownersUnchanged(t)
	// join tables hold no key of the post: tags still link both ways
	e.rest(t, bob, "POST", "/tag/1/relationships/posts", `{"data":[{"type":"post","id":"4"}]}`).ok(t)
	e.rest(t, bob, "POST", "/post/4/relationships/tags", `{"data":[{"type":"tag","id":"2"}]}`).ok(t)
	e.rest(t, system, "GET", "/post/4/relationships/tags", "").expect(t, 200, toMany("/post/4/relationships/tags", "tag", "1", "2", "4"))
	// an admin's post rules let her do anything, but a post's author
	// stays, from either side
	e.rest(t, emily, "PATCH", "/tag/1/relationships/posts", `{"data":[{"type":"post","id":"5"}]}`).ok(t)
	err = e.rest(t, emily, "POST", "/user/3/relationships/posts", `{"data":[{"type":"post","id":"4"}]}`).fails(t, http.StatusForbidden)
	require.Contains(t, err.Detail, `deny("update", "future().authorId != authorId")`)
}
