package integration

import (
	"net/http"
	"testing"
)

// post7 is the post that TestCreate* create first in a seeded database.
const post7 = `{"type":"post","id":"7","attributes":{"title":"Hello","content":"Body","published":true,"viewCount":0,"rating":null,"createdAt":"2026-03-01T10:00:00Z","authorId":2},` +
	`"relationships":{"author":{"links":{"self":"` + restBase + `/post/7/relationships/author","related":"` + restBase + `/post/7/author"},"data":{"type":"user","id":"2"}},` +
	`"comments":{"links":{"self":"` + restBase + `/post/7/relationships/comments","related":"` + restBase + `/post/7/comments"}},` +
	`"tags":{"links":{"self":"` + restBase + `/post/7/relationships/tags","related":"` + restBase + `/post/7/tags"},"data":[{"type":"tag","id":"1"},{"type":"tag","id":"3"}]}},` +
	`"links":{"self":"` + restBase + `/post/7"}}`

// JA-CRT-01, JA-CRT-02, JA-CRT-04, JA-CRT-05, JA-CRUD-01: attributes, a
// to-one and a to-many in one request; 201 with the resource and Location;
// include and fields are honoured on the answer.
func TestCreateWithRelationships(t *testing.T) {
	e := newEnv(t)
	rec := e.rest(t, system, "POST", "/post?include=author,tags&fields[user]=name&fields[tag]=name", `{"data":{"type":"post",
		"attributes":{"title":"Hello","content":"Body","published":true},
		"relationships":{"author":{"data":{"type":"user","id":"2"}},"tags":{"data":[{"type":"tag","id":"1"},{"type":"tag","id":"3"},{"type":"tag","id":"1"}]}}}}`)
	// createdAt is read-only: the server sets it (testNow)
	rec.expect(t, http.StatusCreated, `{"jsonapi":{"version":"1.1"},"data":`+post7+`,"included":[`+
		`{"type":"user","id":"2","attributes":{"name":"Bob"},"links":{"self":"`+restBase+`/user/2"}},`+
		`{"type":"tag","id":"1","attributes":{"name":"go"},"links":{"self":"`+restBase+`/tag/1"}},`+
		`{"type":"tag","id":"3","attributes":{"name":"api"},"links":{"self":"`+restBase+`/tag/3"}}],`+
		`"links":{"self":"`+restBase+`/post/7"}}`)
	if loc := rec.header.Get("Location"); loc != restBase+"/post/7" {
		t.Errorf("Location = %q, want %q (the resource's links.self)", loc, restBase+"/post/7")
	}
	// read back through GET: the same resource.
	(e.rest(t, system, "GET", "/post/7?include=tags&fields[tag]=name", "")).expect(t, http.StatusOK, `{"jsonapi":{"version":"1.1"},"data":`+post7+`,"included":[`+
		`{"type":"tag","id":"1","attributes":{"name":"go"},"links":{"self":"`+restBase+`/tag/1"}},`+
		`{"type":"tag","id":"3","attributes":{"name":"api"},"links":{"self":"`+restBase+`/tag/3"}}],`+
		`"links":{"self":"`+restBase+`/post/7?include=tags\u0026fields[tag]=name"}}`)
	e.rest(t, system, "GET", "/user/2/relationships/posts", "").expect(t, http.StatusOK, toMany("/user/2/relationships/posts", "post", "4", "5", "7"))
}

// The foreign-key attribute and the relationship are two spellings of the
// same thing: either is accepted, both must agree.
func TestCreateForeignKey(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int
		want   string // the author linkage of the post, or the error body
	}{
		{"attribute only", `{"data":{"type":"post","attributes":{"title":"t","authorId":3}}}`, 201, "3"},
		{"both, equal", `{"data":{"type":"post","attributes":{"title":"t","authorId":3},"relationships":{"author":{"data":{"type":"user","id":"3"}}}}}`, 201, "3"},
		{"both, different", `{"data":{"type":"post","attributes":{"title":"t","authorId":3},"relationships":{"author":{"data":{"type":"user","id":"2"}}}}}`, 400,
			errBody("400", "invalid-relation-data", "invalid-value", `relationship "author" and attribute "authorId" name different rows`, "/data/relationships/author")},
		// JA-CRT-09: a related row that does not exist is a 404, at the member that named it.
		{"attribute, missing user", `{"data":{"type":"post","attributes":{"title":"t","authorId":99}}}`, 404,
			errBody("404", "not-found", "", "related user 99 not found", "/data/attributes/authorId")},
		{"attribute of the wrong JSON type", `{"data":{"type":"post","attributes":{"title":"t","authorId":"3"}}}`, 422,
			errBody("422", "validation-error", "invalid-value", `invalid value for authorId: expected an integer, got the string "3"`, "/data/attributes/authorId")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			rec := e.rest(t, system, "POST", "/post", tc.body)
			if tc.status != 201 {
				rec.expect(t, tc.status, tc.want)
				return
			}
			if rec.status != 201 {
				t.Fatalf("status %d: %s", rec.status, rec.body)
			}
			e.rest(t, system, "GET", "/post/7/relationships/author", "").expect(t, 200, toOne("/post/7/relationships/author", "user", tc.want))
		})
	}
}

// Every rejected create is a 4xx error document with a pointer to the
// offending member (JA-ERR-02, JA-ERR-05, JA-ERR-07), and writes nothing
// (JA-CRUD-01).
func TestCreateErrors(t *testing.T) {
	tests := []struct {
		name, ja string
		path     string
		body     string
		status   int
		want     string
	}{
		{"malformed JSON", "JA-ERR-07", "/post", `{"data":`, 400,
			errBody("400", "invalid-payload", "invalid-document", "the request body is not a JSON object: unexpected end of JSON input", "/")},
		{"not an object", "JA-CRT-01", "/post", `[1]`, 400,
			errBody("400", "invalid-payload", "invalid-document", "the request body is not a JSON object", "/")},
		{"empty body", "JA-CRT-01", "/post", ` `, 400,
			errBody("400", "invalid-payload", "invalid-document", "the request body is empty: send a JSON:API document with a data member", "/")},
		{"no data", "JA-CRT-01", "/post", `{"meta":{}}`, 400,
			errBody("400", "invalid-payload", "invalid-document", "the request document has no data member", "/")},
		{"data is an array", "JA-CRT-01", "/post", `{"data":[]}`, 400,
			errBody("400", "invalid-payload", "invalid-document", "data must be a resource object", "/data")},
		{"no type", "JA-CRUD-02", "/post", `{"data":{"attributes":{"title":"t"}}}`, 400,
			errBody("400", "invalid-payload", "invalid-document", "the resource object has no type", "/data")},
		{"type not a string", "JA-CRUD-02", "/post", `{"data":{"type":1}}`, 400,
			errBody("400", "invalid-payload", "invalid-document", "type must be a string", "/data/type")},
		{"type of another collection", "JA-CRT-11 JA-CRT-12", "/post", `{"data":{"type":"user","attributes":{"email":"x@y.z"}}}`, 409,
			errBody("409", "invalid-payload", "conflict", `type "user" does not match the endpoint's type "post"`, "/data/type")},
		{"client-generated id", "JA-CRT-03", "/tag", `{"data":{"type":"tag","id":"77","attributes":{"name":"x"}}}`, 403,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"403","code":"forbidden","title":"Operation is forbidden","detail":"tag does not accept client-generated ids","source":{"pointer":"/data/id"},"meta":{"reason":"client-id","model":"Tag"}}]}`},
		{"unknown attribute", "JA-ERR-07", "/post", `{"data":{"type":"post","attributes":{"title":"t","nope":1}}}`, 422,
			errBody("422", "validation-error", "unknown-field", `post has no attribute "nope"`, "/data/attributes/nope")},
		{"id as an attribute", "JA-ERR-07", "/post", `{"data":{"type":"post","attributes":{"id":"9"}}}`, 422,
			errBody("422", "validation-error", "unknown-field", `post has no attribute "id"`, "/data/attributes/id")},
		{"unknown relationship", "JA-ERR-07", "/post", `{"data":{"type":"post","relationships":{"editor":{"data":null}}}}`, 400,
			errBody("400", "unsupported-relationship", "", `post has no relationship "editor"`, "/data/relationships/editor")},
		{"string for an integer", "JA-ERR-07", "/post", `{"data":{"type":"post","attributes":{"title":"t","viewCount":"many"}}}`, 422,
			errBody("422", "validation-error", "invalid-value", `invalid value for viewCount: expected an integer, got the string "many"`, "/data/attributes/viewCount")},
		{"null for a required attribute", "JA-ERR-07", "/post", `{"data":{"type":"post","attributes":{"title":null}}}`, 422,
			errBody("422", "validation-error", "invalid-value", `field "title" cannot be null`, "/data/attributes/title")},
		{"invalid enum value", "JA-ERR-07", "/user", `{"data":{"type":"user","attributes":{"email":"x@y.z","role":"ROOT"}}}`, 422,
			errBody("422", "validation-error", "invalid-value", `"ROOT" is not a value of role (one of USER, ADMIN)`, "/data/attributes/role")},
		{"missing required attribute", "JA-ERR-07", "/post", `{"data":{"type":"post","attributes":{"content":"c"},"relationships":{"author":{"data":{"type":"user","id":"1"}}}}}`, 422,
			errBody("422", "validation-error", "missing-value", `"title" is required`, "/data/attributes")},
		{"missing required relationship", "JA-ERR-07", "/post", `{"data":{"type":"post","attributes":{"title":"t"}}}`, 422,
			errBody("422", "validation-error", "missing-value", `relation "author" (or "authorId") is required`, "/data/attributes")},
		{"no attributes at all", "JA-ERR-07", "/post", `{"data":{"type":"post"}}`, 422,
			errBody("422", "validation-error", "missing-value", `"title" is required`, "/data")},
		{"relationship without data", "JA-CRT-02", "/post", `{"data":{"type":"post","attributes":{"title":"t"},"relationships":{"author":{"links":{}}}}}`, 400,
			errBody("400", "invalid-relation-data", "invalid-document", `relationship "author" has no data member`, "/data/relationships/author")},
		{"to-many given an object", "JA-CRT-02", "/post", `{"data":{"type":"post","attributes":{"title":"t","authorId":1},"relationships":{"tags":{"data":{"type":"tag","id":"1"}}}}}`, 400,
			errBody("400", "invalid-relation-data", "invalid-document", `relationship "tags" is to-many: data must be an array of resource identifiers`, "/data/relationships/tags/data")},
		{"to-one given an array", "JA-CRT-02", "/post", `{"data":{"type":"post","attributes":{"title":"t"},"relationships":{"author":{"data":[]}}}}`, 400,
			errBody("400", "invalid-relation-data", "invalid-document", `relationship "author" is to-one: data must be a resource identifier or null`, "/data/relationships/author/data")},
		{"identifier id not a string", "JA-CRT-02", "/post", `{"data":{"type":"post","attributes":{"title":"t"},"relationships":{"author":{"data":{"type":"user","id":1}}}}}`, 400,
			errBody("400", "invalid-relation-data", "invalid-document", "id must be a string", "/data/relationships/author/data/id")},
		// A linkage of another type than the edge's is a conflict like a
		// wrong primary type (JA-CRT-11 by analogy).
		{"linkage of the wrong type", "JA-CRT-11", "/post", `{"data":{"type":"post","attributes":{"title":"t","authorId":1},"relationships":{"tags":{"data":[{"type":"tag","id":"1"},{"type":"user","id":"1"}]}}}}`, 409,
			errBody("409", "invalid-relation", "", `type "user" does not match the relationship's type "tag"`, "/data/relationships/tags/data/1/type")},
		{"missing author", "JA-CRT-09", "/post", `{"data":{"type":"post","attributes":{"title":"t"},"relationships":{"author":{"data":{"type":"user","id":"99"}},"tags":{"data":[{"type":"tag","id":"1"}]}}}}`, 404,
			errBody("404", "not-found", "", "related user 99 not found", "/data/relationships/author")},
		// The post row is inserted only after every relationship checked:
		// one missing tag out of three leaves no post and no join row.
		{"one missing tag", "JA-CRT-09 JA-CRUD-01", "/post", `{"data":{"type":"post","attributes":{"title":"t"},"relationships":{"author":{"data":{"type":"user","id":"1"}},"tags":{"data":[{"type":"tag","id":"1"},{"type":"tag","id":"99"},{"type":"tag","id":"2"}]}}}}`, 404,
			errBody("404", "not-found", "", "some of the related tag rows [1 99 2] were not found", "/data/relationships/tags")},
		{"unparsable related id", "JA-CRT-09", "/post", `{"data":{"type":"post","attributes":{"title":"t"},"relationships":{"author":{"data":{"type":"user","id":"x"}}}}}`, 404,
			errBody("404", "not-found", "", `related user "x" not found`, "/data/relationships/author/data/id")},
		{"duplicate unique email", "JA-UPD-10", "/user", `{"data":{"type":"user","attributes":{"email":"bob@entstack.dev","name":"Bob 2"}}}`, 409,
			errBody("409", "query-error", "unique-violation", "another user already has this email", "/data/attributes/email")},
		{"duplicate unique tag name", "JA-UPD-10", "/tag", `{"data":{"type":"tag","attributes":{"name":"go"}}}`, 409,
			errBody("409", "query-error", "unique-violation", "another tag already has this name", "/data/attributes/name")},
		{"query parameter of collections", "JA-QP-04", "/post?sort=title", `{"data":{"type":"post","attributes":{"title":"t","authorId":1}}}`, 400,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"400","code":"invalid-sort","title":"Invalid sort","detail":"sort applies to collections only","source":{"parameter":"sort"},"meta":{"errorCode":"invalid-parameter"}}]}`},
		{"duplicate member", "JA-ERR-07", "/post", `{"data":{"type":"post","attributes":{"title":"a","title":"b"}}}`, 400,
			errBody("400", "invalid-payload", "invalid-document", `member "title" is given twice`, "/data/attributes/title")},
	}
	e := newEnv(t)
	before := e.counts(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e.rest(t, system, "POST", tc.path, tc.body).expect(t, tc.status, tc.want)
			if after := e.counts(t); !equalCounts(before, after) {
				t.Errorf("%s: rows changed: before %v, after %v", tc.ja, before, after)
			}
		})
	}
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}
