package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestUpdateDecidedByUpdateRules: whether an update happens is the update
// rules' call, as in ZenStack. Bob may update his comment on Emily's post
// (auth() == author) but may no longer read it once the post is a draft:
// the update is committed and answered 403 cannot-read-back, alike in both
// APIs. A row neither readable nor updatable stays a 404.
func TestUpdateDecidedByUpdateRules(t *testing.T) {
	for _, api := range []string{"REST", "RPC"} {
		t.Run(api, func(t *testing.T) {
			e := newEnv(t)
			e.rest(t, emily, "PATCH", "/post/1", `{"data":{"type":"post","attributes":{"published":false}}}`).ok(t)
			if api == "REST" {
				err := e.rest(t, bob, "PATCH", "/comment/1", `{"data":{"type":"comment","attributes":{"content":"edited"}}}`).fails(t, http.StatusForbidden)
				require.Equal(t, "cannot-read-back", err.Meta["reason"], err)
			} else {
				err := e.rpc(t, bob, "PUT", "comment/update", `{"where":{"id":1},"data":{"content":"edited"}}`).rpcFails(t, http.StatusForbidden)
				// v3 clients read rejectedByPolicy and rejectReason; reason
				// is v2's RESULT_NOT_READABLE (RPC-WIRE-08).
				require.True(t, err.RejectedByPolicy, err)
				require.Equal(t, "cannot-read-back", err.RejectReason, err)
			}
			require.Contains(t, string(e.rest(t, emily, "GET", "/comment/1", "").ok(t).Data), `"content":"edited"`)

			// Ann neither reads nor may update it: not found, as a missing
			// one, nothing written.
			if api == "REST" {
				e.rest(t, ann, "PATCH", "/comment/1", `{"data":{"type":"comment","attributes":{"content":"ann"}}}`).fails(t, http.StatusNotFound)
				e.rest(t, ann, "PATCH", "/comment/1", `{"data":{"type":"comment","relationships":{"author":{"data":{"type":"user","id":"3"}}}}}`).fails(t, http.StatusNotFound)
			} else {
				e.rpc(t, ann, "PUT", "comment/update", `{"where":{"id":1},"data":{"content":"ann"}}`).rpcFails(t, http.StatusNotFound)
				e.rpc(t, ann, "PUT", "comment/update", `{"where":{"id":1},"data":{"author":{"connect":{"id":3}}}}`).rpcFails(t, http.StatusNotFound)
				missing := e.rpc(t, ann, "PUT", "comment/update", `{"where":{"id":99},"data":{"content":"ann"}}`).rpcFails(t, http.StatusNotFound)
				hidden := e.rpc(t, ann, "PUT", "comment/update", `{"where":{"id":1},"data":{"content":"ann"}}`).rpcFails(t, http.StatusNotFound)
				require.Equal(t, missing, hidden)
			}
			require.NotContains(t, string(e.rest(t, emily, "GET", "/comment/1", "").ok(t).Data), `"content":"ann"`)
		})
	}
}
