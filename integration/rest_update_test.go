package integration

import (
	"net/http"
	"strings"
	"testing"
)

// post1 renders seeded post 1 with the given title, author and tags linkage
// (tags: nil leaves the tags linkage out, as GET without include does).
func post1(title, author string, tags ...string) string {
	s := `{"type":"post","id":"1","attributes":{"title":"` + title + `","content":"Content of \"Welcome to the entstack blog\".","published":true,"viewCount":120,"rating":4.5,"createdAt":"2026-01-02T09:00:00Z","authorId":` + author + `},` +
		`"relationships":{"author":{"links":{"self":"` + restBase + `/post/1/relationships/author","related":"` + restBase + `/post/1/author"},"data":{"type":"user","id":"` + author + `"}},` +
		`"comments":{"links":{"self":"` + restBase + `/post/1/relationships/comments","related":"` + restBase + `/post/1/comments"}},` +
		`"tags":{"links":{"self":"` + restBase + `/post/1/relationships/tags","related":"` + restBase + `/post/1/tags"}`
	if tags != nil {
		s += `,"data":[`
		for i, id := range tags {
			if i > 0 {
				s += ","
			}
			s += `{"type":"tag","id":"` + id + `"}`
		}
		s += `]`
	}
	return s + `}},"links":{"self":"` + restBase + `/post/1"}}`
}

func doc(data, self string) string {
	return `{"jsonapi":{"version":"1.1"},"data":` + data + `,"links":{"self":"` + self + `"}}`
}

// JA-UPD-01, JA-UPD-02, JA-UPD-03, JA-UPD-06: PATCH and PUT are both
// partial: members left out keep their values; 200 with the resource.
func TestUpdateAttributes(t *testing.T) {
	for _, method := range []string{"PATCH", "PUT"} {
		t.Run(method, func(t *testing.T) {
			e := newEnv(t)
			rec := e.rest(t, system, method, "/post/1", `{"data":{"type":"post","id":"1","attributes":{"title":"Renamed"}}}`)
			rec.expect(t, http.StatusOK, doc(post1("Renamed", "1"), restBase+"/post/1"))
			e.rest(t, system, "GET", "/post/1/relationships/tags", "").expect(t, 200, toMany("/post/1/relationships/tags", "tag", "4"))
		})
	}
}

// Seed 001 ("Updating a resource") sends no data.id: the URL names the row.
// PATCH and PUT, with attributes or relationships, answer as with the id.
func TestUpdateWithoutID(t *testing.T) {
	for _, method := range []string{"PATCH", "PUT"} {
		t.Run(method, func(t *testing.T) {
			e := newEnv(t)
			e.rest(t, system, method, "/post/1", `{"data":{"type":"post","attributes":{"title":"My Awesome Post"}}}`).
				expect(t, http.StatusOK, doc(post1("My Awesome Post", "1"), restBase+"/post/1"))
			// the seed's relationship example: a to-many replaced
			e.rest(t, system, method, "/post/1", `{"data":{"type":"post","relationships":{"tags":{"data":[{"type":"tag","id":"2"}]}}}}`).ok(t)
			e.rest(t, system, "GET", "/post/1/relationships/tags", "").expect(t, 200, toMany("/post/1/relationships/tags", "tag", "2"))
			e.rest(t, system, method, "/comment/1", `{"data":{"type":"comment","relationships":{"author":{"data":{"type":"user","id":"3"}}}}}`).ok(t)
			e.rest(t, system, "GET", "/comment/1/relationships/author", "").expect(t, 200, toOne("/comment/1/relationships/author", "user", "3"))
			// a null id is no id
			e.rest(t, system, method, "/post/1", `{"data":{"type":"post","id":null,"attributes":{"title":"Renamed"}}}`).
				expect(t, http.StatusOK, doc(post1("Renamed", "1"), restBase+"/post/1"))
		})
	}
}

// JA-UPD-04: a to-many given in the body replaces the collection; a to-one
// is replaced; include is honoured on the answer.
func TestUpdateRelationships(t *testing.T) {
	e := newEnv(t)
	rec := e.rest(t, system, "PATCH", "/post/1?include=tags&fields[tag]=name", `{"data":{"type":"post","id":"1","relationships":{
		"author":{"data":{"type":"user","id":"3"}},
		"tags":{"data":[{"type":"tag","id":"2"},{"type":"tag","id":"3"}]}}}}`)
	rec.expect(t, http.StatusOK, `{"jsonapi":{"version":"1.1"},"data":`+post1("Welcome to the entstack blog", "3", "2", "3")+`,"included":[`+
		`{"type":"tag","id":"2","attributes":{"name":"ent"},"links":{"self":"`+restBase+`/tag/2"}},`+
		`{"type":"tag","id":"3","attributes":{"name":"api"},"links":{"self":"`+restBase+`/tag/3"}}],`+
		`"links":{"self":"`+restBase+`/post/1?include=tags\u0026fields[tag]=name"}}`)
	e.rest(t, system, "GET", "/post/1/relationships/tags", "").expect(t, 200, toMany("/post/1/relationships/tags", "tag", "2", "3"))
	e.rest(t, system, "GET", "/post/1/relationships/author", "").expect(t, 200, toOne("/post/1/relationships/author", "user", "3"))

	// an empty array empties the to-many
	if rec := e.rest(t, system, "PATCH", "/post/1", `{"data":{"type":"post","id":"1","relationships":{"tags":{"data":[]}}}}`); rec.status != 200 {
		t.Fatalf("status %d: %s", rec.status, rec.body)
	}
	e.rest(t, system, "GET", "/post/1/relationships/tags", "").expect(t, 200, toMany("/post/1/relationships/tags", "tag"))

	// a to-one null clears an optional relationship (comment 1's author)
	if rec := e.rest(t, system, "PATCH", "/comment/1", `{"data":{"type":"comment","id":"1","relationships":{"author":{"data":null}}}}`); rec.status != 200 {
		t.Fatalf("status %d: %s", rec.status, rec.body)
	}
	e.rest(t, system, "GET", "/comment/1/relationships/author", "").expect(t, 200, toOne("/comment/1/relationships/author", "user", ""))
	// and the foreign-key attribute sets it again
	if rec := e.rest(t, system, "PATCH", "/comment/1", `{"data":{"type":"comment","id":"1","attributes":{"authorId":3}}}`); rec.status != 200 {
		t.Fatalf("status %d: %s", rec.status, rec.body)
	}
	e.rest(t, system, "GET", "/comment/1/relationships/author", "").expect(t, 200, toOne("/comment/1/relationships/author", "user", "3"))
}

// Rejected updates: 4xx with a pointer, and the row is unchanged
// (JA-CRUD-01) even when the error is found after some members were
// applied (a missing tag after a new title).
func TestUpdateErrors(t *testing.T) {
	tests := []struct {
		name, ja     string
		method, path string
		body         string
		status       int
		want         string
	}{
		{"id mismatch", "JA-UPD-11", "PATCH", "/post/1", `{"data":{"type":"post","id":"2","attributes":{"title":"x"}}}`, 409,
			errBody("409", "invalid-payload", "conflict", `id "2" does not match the endpoint's id "1"`, "/data/id")},
		{"type mismatch", "JA-UPD-11", "PATCH", "/post/1", `{"data":{"type":"tag","id":"1","attributes":{"title":"x"}}}`, 409,
			errBody("409", "invalid-payload", "conflict", `type "tag" does not match the endpoint's type "post"`, "/data/type")},
		{"id mismatch without attributes", "JA-UPD-11", "PUT", "/post/1", `{"data":{"type":"post","id":"2"}}`, 409,
			errBody("409", "invalid-payload", "conflict", `id "2" does not match the endpoint's id "1"`, "/data/id")},
		{"immutable attribute", "JA-UPD-08", "PATCH", "/post/1", `{"data":{"type":"post","id":"1","attributes":{"title":"x","createdAt":"2020-01-01T00:00:00Z"}}}`, 403,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"403","code":"forbidden","title":"Operation is forbidden","detail":"attribute createdAt of post cannot be changed after create","source":{"pointer":"/data/attributes/createdAt"},"meta":{"reason":"read-only","model":"Post"}}]}`},
		{"missing post", "JA-UPD-09", "PATCH", "/post/99", `{"data":{"type":"post","id":"99","attributes":{"title":"x"}}}`, 404,
			errBody("404", "not-found", "", "post 99 not found", "")},
		{"unparsable id", "ZenStack", "PUT", "/post/abc", `{"data":{"type":"post","id":"abc","attributes":{"title":"x"}}}`, 400,
			errBody("400", "invalid-id", "", "\"abc\" is not a valid post id", "")},
		{"missing related tag", "JA-UPD-09 JA-CRUD-01", "PATCH", "/post/1", `{"data":{"type":"post","id":"1","attributes":{"title":"x"},"relationships":{"tags":{"data":[{"type":"tag","id":"1"},{"type":"tag","id":"42"}]}}}}`, 404,
			errBody("404", "not-found", "", "some of the related tag rows [1 42] were not found", "/data/relationships/tags")},
		{"clearing a required to-one", "JA-UPD-08", "PATCH", "/post/1", `{"data":{"type":"post","id":"1","attributes":{"title":"x"},"relationships":{"author":{"data":null}}}}`, 400,
			errBody("400", "invalid-relation-data", "invalid-value", `relationship "author" is required and cannot be cleared`, "/data/relationships/author")},
		{"wrong JSON type", "JA-ERR-07", "PATCH", "/post/1", `{"data":{"type":"post","id":"1","attributes":{"published":"yes"}}}`, 422,
			errBody("422", "validation-error", "invalid-value", `invalid value for published: expected a boolean, got the string "yes"`, "/data/attributes/published")},
		{"unique violation", "JA-UPD-10 JA-UPD-12", "PATCH", "/tag/1", `{"data":{"type":"tag","id":"1","attributes":{"name":"ent"}}}`, 409,
			errBody("409", "query-error", "unique-violation", "another tag already has this name", "/data/attributes/name")},
		{"unique violation on email", "JA-UPD-10", "PATCH", "/user/3", `{"data":{"type":"user","id":"3","attributes":{"name":"Ann","email":"emily@entstack.dev"}}}`, 409,
			errBody("409", "query-error", "unique-violation", "another user already has this email", "/data/attributes/email")},
		{"replace a required inverse", "JA-UPD-05", "PATCH", "/user/1", `{"data":{"type":"user","id":"1","relationships":{"posts":{"data":[]}}}}`, 403,
			errBody("403", "forbidden", "", "members of user.posts cannot be removed or replaced: each post needs one (add them to another user instead)", "/data/relationships/posts")},
		{"enum value", "JA-ERR-07", "PATCH", "/user/3", `{"data":{"type":"user","id":"3","attributes":{"role":"admin"}}}`, 422,
			errBody("422", "validation-error", "invalid-value", `"admin" is not a value of role (one of USER, ADMIN)`, "/data/attributes/role")},
		{"validator (NotEmpty)", "JA-ERR-07", "PATCH", "/user/3", `{"data":{"type":"user","id":"3","attributes":{"email":""}}}`, 422,
			errBody("422", "validation-error", "invalid-value", `ent: validator failed for field "User.email": value is less than the required length`, "/data/attributes/email")},
	}
	e := newEnv(t)
	before := e.counts(t)
	post := e.rest(t, system, "GET", "/post/1?include=tags,author", "").body
	users := e.rest(t, system, "GET", "/user", "").body
	tags := e.rest(t, system, "GET", "/tag", "").body
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.rest(t, system, tc.method, tc.path, tc.body).expect(t, tc.status, tc.want)
			if after := e.counts(t); !equalCounts(before, after) {
				t.Errorf("%s: rows changed: before %v, after %v", tc.ja, before, after)
			}
			if e.rest(t, system, "GET", "/post/1?include=tags,author", "").body != post ||
				e.rest(t, system, "GET", "/user", "").body != users || e.rest(t, system, "GET", "/tag", "").body != tags {
				t.Errorf("%s: a failed update changed data", tc.ja)
			}
		})
	}
}

// JA-DEL-01, JA-DEL-03: 204 without a body; a missing row is a 404.
func TestDelete(t *testing.T) {
	e := newEnv(t)
	posts := e.count(t, "posts")
	rec := e.rest(t, system, "DELETE", "/post/5", "")
	if rec.status != http.StatusNoContent || len(rec.body) != 0 {
		t.Fatalf("DELETE /post/5 = %d %q, want 204 and no body", rec.status, rec.body)
	}
	if n := e.count(t, "posts"); n != posts-1 {
		t.Errorf("posts = %d, want %d", n, posts-1)
	}
	e.rest(t, system, "GET", "/post/5", "").expect(t, 404, errBody("404", "not-found", "", `post "5" not found`, ""))
	e.rest(t, system, "DELETE", "/post/5", "").expect(t, 404, errBody("404", "not-found", "", "post 5 not found", ""))
	e.rest(t, system, "DELETE", "/post/x", "").expect(t, 400, errBody("400", "invalid-id", "", "\"x\" is not a valid post id", ""))
	// deleting a tag drops its join rows, not the posts
	joins := e.count(t, "post_tags")
	if rec := e.rest(t, system, "DELETE", "/tag/1", ""); rec.status != http.StatusNoContent {
		t.Fatalf("DELETE /tag/1 = %d %s", rec.status, rec.body)
	}
	if n := e.count(t, "post_tags"); n != joins-2 {
		t.Errorf("post_tags = %d, want %d", n, joins-2)
	}
	// a row others depend on (comments need their post) is a conflict
	e.rest(t, system, "DELETE", "/post/1", "").expect(t, 409, errBody("409", "query-error", "constraint-violation", "the change would break a relation (foreign-key constraint)", ""))
}

// Methods an endpoint does not serve are 405 with an Allow header.
func TestWriteMethodNotAllowed(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ method, path, allow string }{
		{"PATCH", "/post", "GET, HEAD, POST"},
		{"DELETE", "/post", "GET, HEAD, POST"},
		{"POST", "/post/1", "GET, HEAD, PATCH, PUT, DELETE"},
		{"POST", "/post/1/tags", "GET, HEAD"},
		{"PUT", "/post/1/relationships/tags", "GET, HEAD, PATCH, POST, DELETE"},
	} {
		rec := e.rest(t, system, tc.method, tc.path, `{"data":null}`)
		rec.expect(t, 405, errBody("405", "invalid-verb", "method-not-allowed", "method "+tc.method+" is not supported on "+strings.TrimSuffix(tc.path, "/"), ""))
		if got := rec.header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
}
