package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// upsert is a POST /:type document with ZenStack v3's upsert meta.
func upsert(typ, attrs, rels, match string) string {
	s := `{"data":{"type":"` + typ + `","attributes":` + attrs
	if rels != "" {
		s += `,"relationships":` + rels
	}
	return s + `},"meta":{"operation":"upsert","matchFields":` + match + `}}`
}

// TestUpsert: POST /:type with meta {operation: "upsert", matchFields}
// (ZenStack v3): no row matches, it is created (201, Location, to-manys
// connected); one matches, its other attributes are updated (200, to-manys
// replaced). Both in one transaction.
func TestUpsert(t *testing.T) {
	e := newEnv(t)
	users := e.count(t, "users")
	r := e.rest(t, system, "POST", "/user", upsert("user", `{"email":"zoe@entstack.dev","name":"Zoe"}`, "", `["email"]`))
	require.Equal(t, http.StatusCreated, r.status, r.body)
	require.Equal(t, restBase+"/user/4", r.header.Get("Location"))
	require.Equal(t, users+1, e.count(t, "users"))
	r = e.rest(t, system, "POST", "/user?fields[user]=name,email", upsert("user", `{"email":"zoe@entstack.dev","name":"Zoé"}`, "", `["email"]`))
	r.expect(t, http.StatusOK, `{"jsonapi":{"version":"1.1"},"data":{"type":"user","id":"4","attributes":{"email":"zoe@entstack.dev","name":"Zoé"},"links":{"self":"`+restBase+`/user/4"}},"links":{"self":"`+restBase+`/user/4"}}`)
	require.Empty(t, r.header.Get("Location"), "an update has no Location")
	require.Equal(t, users+1, e.count(t, "users"))

	// to-many relationships: connected on create, replaced on update
	r = e.rest(t, system, "POST", "/tag?include=posts&fields[post]=title", upsert("tag", `{"name":"sql"}`, `{"posts":{"data":[{"type":"post","id":"1"},{"type":"post","id":"2"}]}}`, `["name"]`))
	require.Equal(t, http.StatusCreated, r.status, r.body)
	e.rest(t, system, "GET", "/tag/5/relationships/posts", "").expect(t, 200, toMany("/tag/5/relationships/posts", "post", "1", "2"))
	e.rest(t, system, "POST", "/tag", upsert("tag", `{"name":"sql"}`, `{"posts":{"data":[{"type":"post","id":"3"}]}}`, `["name"]`)).ok(t)
	e.rest(t, system, "GET", "/tag/5/relationships/posts", "").expect(t, 200, toMany("/tag/5/relationships/posts", "post", "3"))

	// a foreign key as match field (profile.userId is unique) reads its
	// value from the attribute or the relationship
	r = e.rest(t, system, "POST", "/profile", upsert("profile", `{"userId":3,"gender":"female"}`, "", `["userId"]`))
	require.Equal(t, http.StatusCreated, r.status, r.body)
	e.rest(t, system, "POST", "/profile?fields[profile]=gender,bio", upsert("profile", `{"gender":"other","bio":"Hi"}`, `{"user":{"data":{"type":"user","id":"3"}}}`, `["userId"]`)).
		expect(t, http.StatusOK, `{"jsonapi":{"version":"1.1"},"data":{"type":"profile","id":"3","attributes":{"gender":"other","bio":"Hi"},"links":{"self":"`+restBase+`/profile/3"}},"links":{"self":"`+restBase+`/profile/3"}}`)
}

// TestUpsertErrors: match fields that do not form a unique field set, or
// that the body gives no value, are a 400 at the meta member; an update
// or create that fails leaves the data as it was (one transaction).
func TestUpsertErrors(t *testing.T) {
	tests := []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"not unique", "/user", upsert("user", `{"email":"a@b.c","name":"A"}`, "", `["name"]`), 400,
			errBody("400", "invalid-payload", "invalid-document", "match fields must form a unique field set of user (the id or a unique attribute)", "/meta/matchFields")},
		{"unknown field", "/user", upsert("user", `{"email":"a@b.c"}`, "", `["email","nope"]`), 400,
			errBody("400", "invalid-payload", "invalid-document", `user has no attribute "nope"`, "/meta/matchFields/1")},
		{"no match fields", "/user", upsert("user", `{"email":"a@b.c"}`, "", `[]`), 400,
			errBody("400", "invalid-payload", "invalid-document", "an upsert names at least one match field", "/meta/matchFields")},
		{"match fields not an array", "/user", upsert("user", `{"email":"a@b.c"}`, "", `"email"`), 400,
			errBody("400", "invalid-payload", "invalid-document", "an upsert names its matchFields: a non-empty array of attribute names", "/meta")},
		{"match field without a value", "/user", upsert("user", `{"name":"A"}`, "", `["email"]`), 400,
			errBody("400", "invalid-payload", "invalid-document", `match field "email" has no value in the resource object`, "/meta/matchFields/0")},
		{"the id without a client-generated id", "/user", upsert("user", `{"email":"bob@entstack.dev","name":"B"}`, "", `["id"]`), 400,
			errBody("400", "invalid-payload", "invalid-document", `match field "id" has no value in the resource object`, "/meta/matchFields/0")},
		{"missing related row: nothing updated", "/tag", upsert("tag", `{"name":"go"}`, `{"posts":{"data":[{"type":"post","id":"1"},{"type":"post","id":"99"}]}}`, `["name"]`), 404,
			errBody("404", "not-found", "", "some of the related post rows [1 99] were not found", "/data/relationships/posts")},
		{"missing related row: nothing created", "/tag", upsert("tag", `{"name":"sql"}`, `{"posts":{"data":[{"type":"post","id":"99"}]}}`, `["name"]`), 404,
			errBody("404", "not-found", "", "related post 99 not found", "/data/relationships/posts")},
		{"replacing a required inverse on update", "/user", upsert("user", `{"email":"bob@entstack.dev"}`, `{"posts":{"data":[]}}`, `["email"]`), 403,
			errBody("403", "forbidden", "", "members of user.posts cannot be removed or replaced: each post needs one (add them to another user instead)", "/data/relationships/posts")},
	}
	e := newEnv(t)
	before := e.counts(t)
	snapshot := func() string {
		return e.rest(t, system, "GET", "/tag?include=posts", "").body + e.rest(t, system, "GET", "/user", "").body
	}
	want := snapshot()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.rest(t, system, "POST", tc.path, tc.body).expect(t, tc.status, tc.want)
			require.Equal(t, before, e.counts(t), "rows changed")
			require.Equal(t, want, snapshot(), "a failed upsert changed data")
		})
	}
}

// TestUpsertPolicy: an upsert is a create or an update for the access
// policy: a viewer who may create tags creates one; an anonymous viewer
// may not; a user may not update another's profile (403: readable but
// denied).
func TestUpsertPolicy(t *testing.T) {
	e := newEnv(t)
	tag := upsert("tag", `{"name":"policy"}`, "", `["name"]`)
	require.Equal(t, "forbidden", e.rest(t, anonymous, "POST", "/tag", tag).fails(t, 403).Code)
	require.Equal(t, http.StatusCreated, e.rest(t, bob, "POST", "/tag", tag).status)
	e.rest(t, bob, "POST", "/tag", tag).ok(t)

	// Emily's profile is readable by everyone, changeable by her only
	r := e.rest(t, bob, "POST", "/profile", upsert("profile", `{"userId":1,"gender":"hijacked"}`, "", `["userId"]`))
	require.Equal(t, "forbidden", r.fails(t, 403).Code)
	require.NotContains(t, e.rest(t, anonymous, "GET", "/profile/1", "").body, "hijacked")
	// Ann's email is not Bob's to read: no row matches, and the create
	// collides with hers (ZenStack's answer too: no existence oracle)
	r = e.rest(t, bob, "POST", "/user", upsert("user", `{"email":"ann@entstack.dev","name":"Hijacked"}`, "", `["email"]`))
	require.Equal(t, "query-error", r.fails(t, 409).Code)
	require.NotContains(t, e.rest(t, ann, "GET", "/user/3", "").body, "Hijacked")
	e.rest(t, ann, "POST", "/user", upsert("user", `{"email":"ann@entstack.dev","name":"Ann"}`, "", `["email"]`)).ok(t)
}
