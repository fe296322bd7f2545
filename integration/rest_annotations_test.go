package integration

import (
	"net/http"
	"testing"

	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/restapi"
)

// Fields and edges annotated resource.ReadOnly() are shown but never
// written: 403 with meta.reason "read-only" at the member (JA-CRT-08,
// JA-UPD-08), on resource and relationship endpoints alike.
func TestWriteReadOnly(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{}, func(s *resource.ModelSpec) {
		if s.Type == "post" {
			s.Field("viewCount").ReadOnly = true
			s.Edge("tags").ReadOnly = true
		}
	}))
	before := e.counts(t)
	for _, tc := range []struct {
		name, method, path, body, want string
	}{
		{"attribute on create", "POST", "/post", `{"data":{"type":"post","attributes":{"title":"t","authorId":1,"viewCount":5}}}`,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"403","code":"forbidden","title":"Operation is forbidden","detail":"attribute viewCount of post is read-only","source":{"pointer":"/data/attributes/viewCount"},"meta":{"reason":"read-only","model":"Post"}}]}`},
		{"relationship on update", "PATCH", "/post/1", `{"data":{"type":"post","id":"1","relationships":{"tags":{"data":[]}}}}`,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"403","code":"forbidden","title":"Operation is forbidden","detail":"relationship tags of post is read-only","source":{"pointer":"/data/relationships/tags"},"meta":{"reason":"read-only","model":"Post"}}]}`},
		{"relationship endpoint", "POST", "/post/1/relationships/tags", `{"data":[{"type":"tag","id":"1"}]}`,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"403","code":"forbidden","title":"Operation is forbidden","detail":"relationship tags of post is read-only","source":{"pointer":"/data"},"meta":{"reason":"read-only","model":"Post"}}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.rest(t, system, tc.method, tc.path, tc.body).expect(t, http.StatusForbidden, tc.want)
			if !equalCounts(before, e.counts(t)) {
				t.Error("a refused write changed rows")
			}
		})
	}
	// the same request without the read-only member goes through
	rec := e.rest(t, system, "PATCH", "/post/1", `{"data":{"type":"post","id":"1","attributes":{"title":"ok"}}}`)
	if rec.status != http.StatusOK {
		t.Fatalf("status %d: %s", rec.status, rec.body)
	}
}
