package integration

import (
	"net/http"
	"strings"
	"testing"
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
	b := newBlog(t)
	users := b.count("users")
	rec := b.do("POST", "/user", upsert("user", `{"email":"zoe@entstack.dev","name":"Zoe"}`, "", `["email"]`))
	if rec.Code != http.StatusCreated || rec.Header().Get("Location") != base+"/user/4" {
		t.Fatalf("create: %d %s %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	if n := b.count("users"); n != users+1 {
		t.Fatalf("users = %d, want %d", n, users+1)
	}
	rec = b.do("POST", "/user?fields[user]=name,email", upsert("user", `{"email":"zoe@entstack.dev","name":"Zoé"}`, "", `["email"]`))
	expect(t, rec, http.StatusOK, `{"jsonapi":{"version":"1.1"},"data":{"type":"user","id":"4","attributes":{"email":"zoe@entstack.dev","name":"Zoé"},"links":{"self":"`+base+`/user/4"}},"links":{"self":"`+base+`/user/4"}}`)
	if rec.Header().Get("Location") != "" {
		t.Errorf("an update has no Location: %q", rec.Header().Get("Location"))
	}
	if n := b.count("users"); n != users+1 {
		t.Fatalf("users = %d after the update, want %d", n, users+1)
	}

	// to-many relationships: connected on create, replaced on update
	rec = b.do("POST", "/tag?include=posts&fields[post]=title", upsert("tag", `{"name":"sql"}`, `{"posts":{"data":[{"type":"post","id":"1"},{"type":"post","id":"2"}]}}`, `["name"]`))
	if rec.Code != http.StatusCreated {
		t.Fatalf("create tag: %d %s", rec.Code, rec.Body)
	}
	expect(t, b.do("GET", "/tag/5/relationships/posts", ""), 200, toMany("/tag/5/relationships/posts", "post", "1", "2"))
	rec = b.do("POST", "/tag", upsert("tag", `{"name":"sql"}`, `{"posts":{"data":[{"type":"post","id":"3"}]}}`, `["name"]`))
	if rec.Code != http.StatusOK {
		t.Fatalf("update tag: %d %s", rec.Code, rec.Body)
	}
	expect(t, b.do("GET", "/tag/5/relationships/posts", ""), 200, toMany("/tag/5/relationships/posts", "post", "3"))

	// the id is a unique field set too; a foreign key as match field
	// (profile.userId is unique) reads its value from the attribute or the
	// relationship
	rec = b.do("POST", "/profile", upsert("profile", `{"userId":3,"gender":"female"}`, "", `["userId"]`))
	if rec.Code != http.StatusCreated {
		t.Fatalf("create profile: %d %s", rec.Code, rec.Body)
	}
	rec = b.do("POST", "/profile?fields[profile]=gender,bio", upsert("profile", `{"gender":"other","bio":"Hi"}`, `{"user":{"data":{"type":"user","id":"3"}}}`, `["userId"]`))
	expect(t, rec, http.StatusOK, `{"jsonapi":{"version":"1.1"},"data":{"type":"profile","id":"3","attributes":{"gender":"other","bio":"Hi"},"links":{"self":"`+base+`/profile/3"}},"links":{"self":"`+base+`/profile/3"}}`)
}

// TestUpsertErrors: match fields that do not form a unique field set, or
// that the body gives no value, are a 400 at the meta member; an update
// branch that fails leaves the row as it was (one transaction).
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
		{"missing related row: nothing updated", "/tag", upsert("tag", `{"name":"go"}`, `{"posts":{"data":[{"type":"post","id":"1"},{"type":"post","id":"99"}]}}`, `["name"]`), 404,
			errBody("404", "not-found", "", "some of the related post rows [1 99] were not found", "/data/relationships/posts")},
		{"missing related row: nothing created", "/tag", upsert("tag", `{"name":"sql"}`, `{"posts":{"data":[{"type":"post","id":"99"}]}}`, `["name"]`), 404,
			errBody("404", "not-found", "", "related post 99 not found", "/data/relationships/posts")},
		{"replacing a required inverse on update", "/user", upsert("user", `{"email":"bob@entstack.dev"}`, `{"posts":{"data":[]}}`, `["email"]`), 403,
			errBody("403", "forbidden", "", "members of user.posts cannot be removed or replaced: each post needs one (add them to another user instead)", "/data/relationships/posts")},
		{"the id without a client-generated id", "/user", upsert("user", `{"email":"bob@entstack.dev","name":"B"}`, "", `["id"]`), 400,
			errBody("400", "invalid-payload", "invalid-document", `match field "id" has no value in the resource object`, "/meta/matchFields/0")},
	}
	b := newBlog(t)
	before := b.counts()
	tags := b.do("GET", "/tag?include=posts", "").Body.String()
	users := b.do("GET", "/user", "").Body.String()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			expect(t, b.do("POST", tc.path, tc.body), tc.status, tc.want)
			if after := b.counts(); !equalCounts(before, after) {
				t.Errorf("rows changed: %v -> %v", before, after)
			}
			if b.do("GET", "/tag?include=posts", "").Body.String() != tags || b.do("GET", "/user", "").Body.String() != users {
				t.Error("a failed upsert changed data")
			}
		})
	}
}

// TestUpsertPolicy: an upsert is a create or an update for the access
// policy: a viewer who may create tags creates one; an anonymous viewer
// may not; a user may not update another's profile (403: readable but
// denied), and may update itself.
func TestUpsertPolicy(t *testing.T) {
	env := startBlog(t)
	tag := upsert("tag", `{"name":"policy"}`, "", `["name"]`)
	if status, doc := env.send(t, anonymous, "POST", "/tag", tag); status != 403 || doc.Errors[0].Code != "forbidden" {
		t.Fatalf("anonymous upsert: %d %+v", status, doc.Errors)
	}
	if status, _ := env.send(t, bob, "POST", "/tag", tag); status != 201 {
		t.Fatalf("bob's upsert: %d", status)
	}
	if status, _ := env.send(t, bob, "POST", "/tag", tag); status != 200 {
		t.Fatalf("bob's second upsert: %d", status)
	}
	// Emily's profile is readable by everyone, changeable by her only
	status, doc := env.send(t, bob, "POST", "/profile", upsert("profile", `{"userId":1,"gender":"hijacked"}`, "", `["userId"]`))
	if status != 403 || doc.Errors[0].Code != "forbidden" {
		t.Fatalf("bob updating emily's profile: %d %+v", status, doc.Errors)
	}
	if _, doc := env.send(t, anonymous, "GET", "/profile/1", ""); strings.Contains(string(doc.Data), "hijacked") {
		t.Fatalf("a denied upsert changed the profile: %s", doc.Data)
	}
	// Ann's email is not Bob's to read: no row matches, and the create
	// collides with hers (ZenStack's answer too: no existence oracle)
	status, doc = env.send(t, bob, "POST", "/user", upsert("user", `{"email":"ann@entstack.dev","name":"Hijacked"}`, "", `["email"]`))
	if status != 409 || doc.Errors[0].Code != "query-error" {
		t.Fatalf("bob upserting ann's email: %d %+v", status, doc.Errors)
	}
	status, doc = env.send(t, ann, "GET", "/user/3", "")
	if status != 200 || strings.Contains(string(doc.Data), "Hijacked") {
		t.Fatalf("ann after the denied upsert: %d %s", status, doc.Data)
	}
	if status, _ := env.send(t, ann, "POST", "/user", upsert("user", `{"email":"ann@entstack.dev","name":"Ann"}`, "", `["email"]`)); status != 200 {
		t.Fatalf("ann updating herself: %d", status)
	}
}
