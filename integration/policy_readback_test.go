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
	t.Skip("known gap: both APIs read the row with the viewer's rights before updating it, so an updatable row the viewer cannot read answers 404 and is not written")
	for _, api := range []string{"REST", "RPC"} {
		t.Run(api, func(t *testing.T) {
			e := newEnv(t)
			e.rest(t, emily, "PATCH", "/post/1", `{"data":{"type":"post","attributes":{"published":false}}}`).ok(t)
			if api == "REST" {
				err := e.rest(t, bob, "PATCH", "/comment/1", `{"data":{"type":"comment","attributes":{"content":"edited"}}}`).fails(t, http.StatusForbidden)
				require.Equal(t, "cannot-read-back", err.Meta["reason"], err)
			} else {
				err := e.rpc(t, bob, "PUT", "comment/update", `{"where":{"id":1},"data":{"content":"edited"}}`).rpcFails(t, http.StatusForbidden)
				require.Equal(t, "rejected-by-policy", err.Reason, err)
				require.Equal(t, "cannot-read-back", err.RejectReason, err)
			}
			doc := e.rest(t, emily, "GET", "/comment/1", "").ok(t)
			require.Contains(t, doc.raw, `"content":"edited"`)

			// Ann neither reads nor may update it: not found, nothing written.
			e.rest(t, ann, "PATCH", "/comment/1", `{"data":{"type":"comment","attributes":{"content":"ann"}}}`).fails(t, http.StatusNotFound)
			require.NotContains(t, e.rest(t, emily, "GET", "/comment/1", "").ok(t).raw, "ann")
		})
	}
}
