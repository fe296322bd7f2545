package integration

import (
	"net/http"
	"testing"
)

// TestRPCBulkWritesSkipDeniedRows: updateMany and deleteMany touch only the
// rows the viewer may change and count those; the others are skipped
// silently, as ZenStack's bulk operations do (POL-SEM-07).
func TestRPCBulkWritesSkipDeniedRows(t *testing.T) {
	e := newEnv(t)
	// Bob can read posts 1, 2, 4, 5, 6 and update his own: 4 and 5.
	e.rpc(t, bob, http.MethodPut, "post/updateMany", `{"where":{},"data":{"title":"bulk"}}`).data(t, `{"count":2}`)
	e.rpc(t, emily, http.MethodGet, "post/findMany", `{"where":{"title":"bulk"},"select":{"id":true},"orderBy":[{"id":"asc"}]}`).data(t, `[{"id":4},{"id":5}]`)

	// Anonymous viewers may delete no tag: nothing is deleted, and that is no error.
	e.rpc(t, anonymous, http.MethodDelete, "tag/deleteMany", `{"where":{}}`).data(t, `{"count":0}`)
	e.rpc(t, emily, http.MethodGet, "tag/count", `{}`).data(t, `4`)

	// Ann cannot even read Bob's draft: it is not matched.
	e.rpc(t, ann, http.MethodDelete, "post/deleteMany", `{"where":{"id":5}}`).data(t, `{"count":0}`)
}
