package integration

import (
	"net/http"
	"testing"
)

// Relationship endpoints answer every success with 200 and the resulting
// linkage, the document GET on the same URL returns (JA-REL-06).
func TestRelationshipEndpoints(t *testing.T) {
	const tags = "/post/2/relationships/tags" // seeded: go(1), ent(2), api(3)
	e := newEnv(t)
	steps := []struct {
		name, ja     string
		method, path string
		body         string
		status       int
		want         string
	}{
		{"add: present members are kept once", "JA-REL-02 JA-REL-04", "POST", tags, `{"data":[{"type":"tag","id":"4"},{"type":"tag","id":"1"},{"type":"tag","id":"4"}]}`, 200,
			toMany(tags, "tag", "1", "2", "3", "4")},
		{"add again: idempotent", "JA-REL-04", "POST", tags, `{"data":[{"type":"tag","id":"4"}]}`, 200,
			toMany(tags, "tag", "1", "2", "3", "4")},
		{"add nothing", "JA-REL-04", "POST", tags, `{"data":[]}`, 200,
			toMany(tags, "tag", "1", "2", "3", "4")},
		{"remove: absent members are no error", "JA-REL-05", "DELETE", tags, `{"data":[{"type":"tag","id":"1"},{"type":"tag","id":"1"}]}`, 200,
			toMany(tags, "tag", "2", "3", "4")},
		{"remove again", "JA-REL-05", "DELETE", tags, `{"data":[{"type":"tag","id":"1"},{"type":"tag","id":"2"}]}`, 200,
			toMany(tags, "tag", "3", "4")},
		{"replace", "JA-REL-03", "PATCH", tags, `{"data":[{"type":"tag","id":"1"},{"type":"tag","id":"2"}]}`, 200,
			toMany(tags, "tag", "1", "2")},
		{"replace with nothing", "JA-REL-03", "PATCH", tags, `{"data":[]}`, 200,
			toMany(tags, "tag")},
		{"the other side of the many-to-many", "JA-REL-04", "POST", "/tag/4/relationships/posts", `{"data":[{"type":"post","id":"2"}]}`, 200,
			toMany("/tag/4/relationships/posts", "post", "1", "2", "4")},
		{"one-to-many: adopt an anonymous comment", "JA-REL-04", "POST", "/user/3/relationships/comments", `{"data":[{"type":"comment","id":"4"},{"type":"comment","id":"2"}]}`, 200,
			toMany("/user/3/relationships/comments", "comment", "2", "4")},
		{"one-to-many: remove", "JA-REL-05", "DELETE", "/user/3/relationships/comments", `{"data":[{"type":"comment","id":"2"}]}`, 200,
			toMany("/user/3/relationships/comments", "comment", "4")},
		{"to-one: set", "JA-REL-01", "PATCH", "/post/2/relationships/author", `{"data":{"type":"user","id":"2"}}`, 200,
			toOne("/post/2/relationships/author", "user", "2")},
		{"to-one: clear an optional one", "JA-REL-01", "PATCH", "/comment/2/relationships/author", `{"data":null}`, 200,
			toOne("/comment/2/relationships/author", "user", "")},
		{"to-one: set it again", "JA-REL-01", "PATCH", "/comment/2/relationships/author", `{"data":{"type":"user","id":"1"}}`, 200,
			toOne("/comment/2/relationships/author", "user", "1")},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			e.rest(t, system, s.method, s.path, s.body).expect(t, s.status, s.want)
			e.rest(t, system, "GET", s.path, "").expect(t, 200, s.want) // the change is what GET sees
		})
	}
	// nothing was duplicated in the join table
	var dups int
	if err := e.db.QueryRow("SELECT COUNT(*) FROM (SELECT post_id, tag_id FROM post_tags GROUP BY post_id, tag_id HAVING COUNT(*) > 1) AS dups").Scan(&dups); err != nil || dups != 0 {
		t.Errorf("duplicate join rows: %d (%v)", dups, err)
	}
}

// Rejected relationship changes: 4xx with a pointer, nothing written.
func TestRelationshipErrors(t *testing.T) {
	tests := []struct {
		name, ja     string
		method, path string
		body         string
		status       int
		want         string
	}{
		// ZenStack's invalid-verb: nothing is forbidden, the verb does not
		// apply to a to-one.
		{"POST on a to-one", "JA-REL-01", "POST", "/post/1/relationships/author", `{"data":{"type":"user","id":"2"}}`, 400,
			errBody("400", "invalid-verb", "", `relationship "author" is to-one: set or clear it with PATCH`, "")},
		{"DELETE on a to-one", "JA-REL-01", "DELETE", "/comment/1/relationships/author", `{"data":{"type":"user","id":"2"}}`, 400,
			errBody("400", "invalid-verb", "", `relationship "author" is to-one: set or clear it with PATCH`, "")},
		{"POST on the non-owning side of a one-to-one", "JA-REL-01", "POST", "/user/1/relationships/profile", `{"data":{"type":"profile","id":"2"}}`, 400,
			errBody("400", "invalid-verb", "", `relationship "profile" is to-one: set or clear it with PATCH`, "")},
		{"clear a required to-one", "JA-REL-01", "PATCH", "/post/1/relationships/author", `{"data":null}`, 400,
			errBody("400", "invalid-payload", "invalid-value", `relationship "author" is required and cannot be cleared`, "/data")},
		{"missing parent", "JA-UPD-09", "POST", "/post/99/relationships/tags", `{"data":[{"type":"tag","id":"1"}]}`, 404,
			errBody("404", "not-found", "", "post 99 not found", "")},
		{"missing member: nothing added", "JA-UPD-09 JA-CRUD-01", "POST", "/post/1/relationships/tags", `{"data":[{"type":"tag","id":"2"},{"type":"tag","id":"99"}]}`, 404,
			errBody("404", "not-found", "", "some of the related tag rows [2 99] were not found", "/data")},
		{"missing member: nothing replaced", "JA-REL-03 JA-CRUD-01", "PATCH", "/post/1/relationships/tags", `{"data":[{"type":"tag","id":"99"}]}`, 404,
			errBody("404", "not-found", "", "related tag 99 not found", "/data")},
		{"to-many given an identifier", "JA-REL-02", "PATCH", "/post/1/relationships/tags", `{"data":{"type":"tag","id":"1"}}`, 400,
			errBody("400", "invalid-payload", "invalid-document", `relationship "tags" is to-many: data must be an array of resource identifiers`, "/data")},
		{"to-many given null", "JA-REL-02", "PATCH", "/post/1/relationships/tags", `{"data":null}`, 400,
			errBody("400", "invalid-payload", "invalid-document", `relationship "tags" is to-many: data must be an array of resource identifiers`, "/data")},
		{"no data", "JA-REL-02", "POST", "/post/1/relationships/tags", `{}`, 400,
			errBody("400", "invalid-payload", "invalid-document", "the request document has no data member", "/")},
		{"identifier of the wrong type", "JA-CRT-11", "POST", "/post/1/relationships/tags", `{"data":[{"type":"post","id":"1"}]}`, 409,
			errBody("409", "invalid-relation", "", `type "post" does not match the relationship's type "tag"`, "/data/0/type")},
		{"identifier without id", "JA-REL-02", "POST", "/post/1/relationships/tags", `{"data":[{"type":"tag"}]}`, 400,
			errBody("400", "invalid-payload", "invalid-document", "the resource identifier has no id", "/data/0")},
		{"malformed body", "JA-ERR-07", "PATCH", "/post/1/relationships/tags", `{"data":[`, 400,
			errBody("400", "invalid-payload", "invalid-document", "the request body is not a JSON object: unexpected end of JSON input", "/")},
		{"unknown relationship", "JA-ERR-07", "PATCH", "/post/1/relationships/editor", `{"data":null}`, 404,
			errBody("404", "unsupported-relationship", "", `post has no relationship "editor"`, "")},
		// A post needs its author: user.posts members cannot be removed or
		// replaced, only added (which moves nothing: see the next case).
		{"remove from a required inverse", "JA-REL-05", "DELETE", "/user/1/relationships/posts", `{"data":[{"type":"post","id":"1"}]}`, 403,
			errBody("403", "forbidden", "", "members of user.posts cannot be removed or replaced: each post needs one (add them to another user instead)", "")},
		{"replace a required inverse", "JA-REL-03", "PATCH", "/user/1/relationships/posts", `{"data":[{"type":"post","id":"1"}]}`, 403,
			errBody("403", "forbidden", "", "members of user.posts cannot be removed or replaced: each post needs one (add them to another user instead)", "")},
		// Ent does not move a row between parents through the parent's side:
		// a conflict (the post's author relationship is the way to move it).
		{"add a member of another parent", "JA-REL-04", "POST", "/user/3/relationships/posts", `{"data":[{"type":"post","id":"1"}]}`, 409,
			errBody("409", "query-error", "constraint-violation", "ent: constraint failed: one of [1] is already connected to a different author_id", "")},
	}
	e := newEnv(t)
	before := e.counts(t)
	snapshot := func() string {
		return e.rest(t, system, "GET", "/post/1/relationships/tags", "").body + e.rest(t, system, "GET", "/post/1/relationships/author", "").body +
			e.rest(t, system, "GET", "/user/1/relationships/posts", "").body + e.rest(t, system, "GET", "/comment/1/relationships/author", "").body
	}
	want := snapshot()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.rest(t, system, tc.method, tc.path, tc.body).expect(t, tc.status, tc.want)
			if after := e.counts(t); !equalCounts(before, after) || snapshot() != want {
				t.Errorf("%s: a failed relationship change wrote data: %v -> %v", tc.ja, before, after)
			}
		})
	}
}

// The include and fields parameters a relationship endpoint takes on GET
// (include paths start with the relationship, JA-INC-10) shape its write
// answers too; a bad one is rejected before writing.
func TestRelationshipQuery(t *testing.T) {
	e := newEnv(t)
	rec := e.rest(t, system, "PATCH", "/post/1/relationships/author?include=author.profile&fields[profile]=bio&fields[user]=name", `{"data":{"type":"user","id":"1"}}`)
	rec.expect(t, http.StatusOK, `{"jsonapi":{"version":"1.1"},"data":{"type":"user","id":"1"},"included":[`+
		`{"type":"user","id":"1","attributes":{"name":"Emily"},"links":{"self":"`+restBase+`/user/1"}},`+
		`{"type":"profile","id":"1","attributes":{"bio":"Writes the blog."},"links":{"self":"`+restBase+`/profile/1"}}],`+
		`"links":{"self":"`+restBase+`/post/1/relationships/author?include=author.profile\u0026fields[profile]=bio\u0026fields[user]=name"}}`)
	before := e.counts(t)
	e.rest(t, system, "PATCH", "/post/1/relationships/author?include=author.nope", `{"data":{"type":"user","id":"2"}}`).expect(t, 400,
		`{"jsonapi":{"version":"1.1"},"errors":[{"status":"400","code":"unsupported-relationship","title":"Unsupported relationship","detail":"cannot include \"author.nope\": user has no relationship \"nope\"","source":{"parameter":"include"}}]}`)
	e.rest(t, system, "GET", "/post/1/relationships/author", "").expect(t, 200, toOne("/post/1/relationships/author", "user", "1"))
	if !equalCounts(before, e.counts(t)) {
		t.Error("rows changed")
	}
}
