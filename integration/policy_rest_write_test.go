package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPolicyRESTWrites: the reference policy decides every write through
// the JSON:API, with ZenStack's statuses: a row the viewer cannot read is
// 404; a readable row whose change is denied, a denied create, a denied
// field update or a violated post-update rule is 403 with a policy code
// (POL-SEM-08..15). Every case runs on a fresh database.
func TestPolicyRESTWrites(t *testing.T) {
	post := func(id, attrs, rels string) string {
		doc := `{"data":{"type":"post"`
		if id != "" {
			doc += `,"id":"` + id + `"`
		}
		if attrs != "" {
			doc += `,"attributes":` + attrs
		}
		if rels != "" {
			doc += `,"relationships":` + rels
		}
		return doc + `}}`
	}
	author := func(id string) string { return `{"author":{"data":{"type":"user","id":"` + id + `"}}}` }
	cases := []struct {
		name         string
		method, path string
		body         string
		want         map[viewer]int
	}{
		{"update a published post", "PATCH", "/post/4", post("4", `{"title":"x"}`, ""),
			map[viewer]int{anonymous: 403, bob: 200, ann: 403, emily: 200}},
		{"update a draft (unreadable to others)", "PATCH", "/post/5", post("5", `{"title":"x"}`, ""),
			map[viewer]int{anonymous: 404, bob: 200, ann: 404, emily: 200}},
		{"authorship cannot move, not even for the admin (deny wins)", "PATCH", "/post/4", post("4", "", author("3")),
			map[viewer]int{anonymous: 403, bob: 403, ann: 403, emily: 403}},
		// Post 4 has a comment: the policy lets its author and the admin
		// delete it, and then the database's foreign key refuses (409).
		{"delete a published post", "DELETE", "/post/4", "",
			map[viewer]int{anonymous: 403, bob: 409, ann: 403, emily: 409}},
		{"delete a draft", "DELETE", "/post/5", "",
			map[viewer]int{anonymous: 404, bob: 204, ann: 404, emily: 204}},
		{"create a post as its author", "POST", "/post", post("", `{"title":"mine"}`, author("2")),
			map[viewer]int{anonymous: 403, bob: 201, ann: 403, emily: 201}},
		{"create a tag needs a signed-in user", "POST", "/tag", `{"data":{"type":"tag","attributes":{"name":"fresh"}}}`,
			map[viewer]int{anonymous: 403, bob: 201, ann: 201, emily: 201}},
		{"no self-made admins", "POST", "/user", `{"data":{"type":"user","attributes":{"email":"x@y.z","role":"ADMIN"}}}`,
			map[viewer]int{anonymous: 403, bob: 403, ann: 403, emily: 201}},
		{"anyone may sign up", "POST", "/user", `{"data":{"type":"user","attributes":{"email":"x@y.z"}}}`,
			map[viewer]int{anonymous: 201, bob: 201, ann: 201, emily: 201}},
		{"a user updates itself", "PATCH", "/user/2", `{"data":{"type":"user","id":"2","attributes":{"name":"Robert"}}}`,
			map[viewer]int{anonymous: 403, bob: 200, ann: 403, emily: 200}},
		{"role is updatable by admins only (field rule)", "PATCH", "/user/2", `{"data":{"type":"user","id":"2","attributes":{"role":"ADMIN"}}}`,
			map[viewer]int{anonymous: 403, bob: 403, ann: 403, emily: 200}},
		{"comment as yourself on a published post", "POST", "/comment",
			`{"data":{"type":"comment","attributes":{"content":"hi"},"relationships":{"post":{"data":{"type":"post","id":"1"}},"author":{"data":{"type":"user","id":"2"}}}}}`,
			map[viewer]int{anonymous: 403, bob: 201, ann: 403, emily: 403}},
		{"comment on a draft nobody else can read", "POST", "/comment",
			`{"data":{"type":"comment","attributes":{"content":"hi"},"relationships":{"post":{"data":{"type":"post","id":"3"}},"author":{"data":{"type":"user","id":"2"}}}}}`,
			map[viewer]int{anonymous: 404, bob: 404, ann: 404, emily: 403}},
		{"someone else's profile", "PATCH", "/profile/1", `{"data":{"type":"profile","id":"1","attributes":{"bio":"x"}}}`,
			map[viewer]int{anonymous: 403, bob: 403, ann: 403, emily: 200}},
		{"tagging a post changes the post (its update rule)", "POST", "/post/4/relationships/tags", `{"data":[{"type":"tag","id":"1"}]}`,
			map[viewer]int{anonymous: 403, bob: 200, ann: 403, emily: 200}},
	}
	for _, c := range cases {
		for _, v := range []viewer{anonymous, bob, ann, emily} {
			t.Run(c.name+"/"+v.String(), func(t *testing.T) {
				r := newEnv(t).rest(t, v, c.method, c.path, c.body)
				require.Equal(t, c.want[v], r.status, r.body)
				if r.status == http.StatusForbidden {
					err := r.fails(t, http.StatusForbidden)
					require.Equal(t, "forbidden", err.Code)
					require.Equal(t, "no-access", err.Meta["reason"])
				}
			})
		}
	}
}

// TestPolicyRESTDenyRuleNamed: beyond ZenStack, a denial by a deny rule
// says which rule fired (in detail and meta.rule).
func TestPolicyRESTDenyRuleNamed(t *testing.T) {
	e := newEnv(t)
	err := e.rest(t, bob, "PATCH", "/post/4", `{"data":{"type":"post","id":"4","relationships":{"author":{"data":{"type":"user","id":"3"}}}}}`).fails(t, http.StatusForbidden)
	require.Contains(t, err.Detail, "future().authorId != authorId")
	require.Contains(t, err.Meta["rule"], "future().authorId != authorId")
	require.Equal(t, "Post", err.Meta["model"])
}
