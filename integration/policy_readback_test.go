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

// commentExists tells, behind the API's back, whether comment id is still
// in the database.
func (e *env) commentExists(t *testing.T, id int) bool {
	t.Helper()
	var n int
	require.NoError(t, e.db.QueryRow("SELECT COUNT(*) FROM comments WHERE id = "+itoa(id)).Scan(&n))
	return n == 1
}

// commentContent is the content of comment id, read behind the API's back.
func (e *env) commentContent(t *testing.T, id int) string {
	t.Helper()
	var s string
	require.NoError(t, e.db.QueryRow("SELECT content FROM comments WHERE id = "+itoa(id)).Scan(&s))
	return s
}

// TestDeleteDecidedByDeleteRules: whether a single-row delete happens is
// the delete rules' call, as in ZenStack v3 (checked against it: REST
// DELETE and RPC delete alike). Bob may delete his comment on Emily's post
// (auth() == author) but may no longer read it once the post is a draft:
// it is deleted, and the answer is 403 cannot-read-back (ZenStack reads
// the row it deletes, and may not). Ann may neither read nor delete it:
// 404, as a missing one, nothing deleted. Ann reads Emily's comment 3 but
// may not delete it: 403 no-access (ZenStack: 404), nothing deleted.
func TestDeleteDecidedByDeleteRules(t *testing.T) {
	for _, api := range []string{"REST", "RPC"} {
		t.Run(api, func(t *testing.T) {
			e := newEnv(t)
			e.rest(t, emily, "PATCH", "/post/1", `{"data":{"type":"post","attributes":{"published":false}}}`).ok(t)
			del := func(v viewer, id string) *response {
				if api == "REST" {
					return e.rest(t, v, "DELETE", "/comment/"+id, "")
				}
				return e.rpc(t, v, "DELETE", "comment/delete", `{"where":{"id":`+id+`}}`)
			}

			// Ann: neither readable nor deletable, as missing.
			if api == "REST" {
				hidden := del(ann, "1").fails(t, http.StatusNotFound)
				require.Equal(t, "not-found", hidden.Code)
				missing := del(ann, "99").fails(t, http.StatusNotFound)
				require.Equal(t, missing.Code, hidden.Code)
			} else {
				hidden := del(ann, "1").rpcFails(t, http.StatusNotFound)
				require.Equal(t, "not-found", hidden.Reason)
				require.Equal(t, "P2025", hidden.Code)
				require.Equal(t, del(ann, "99").rpcFails(t, http.StatusNotFound), hidden)
			}
			require.True(t, e.commentExists(t, 1), "nothing deleted")

			// Ann: readable, but the delete rules reject it.
			if api == "REST" {
				err := del(ann, "3").fails(t, http.StatusForbidden)
				require.Equal(t, "forbidden", err.Code)
				require.Equal(t, "no-access", err.Meta["reason"], err)
			} else {
				err := del(ann, "3").rpcFails(t, http.StatusForbidden)
				require.True(t, err.RejectedByPolicy, err)
				require.Equal(t, "no-access", err.RejectReason, err)
			}
			require.True(t, e.commentExists(t, 3), "nothing deleted")

			// Bob: deletable, not readable: deleted, 403 cannot-read-back.
			if api == "REST" {
				err := del(bob, "1").fails(t, http.StatusForbidden)
				require.Equal(t, "forbidden", err.Code)
				require.Equal(t, "cannot-read-back", err.Meta["reason"], err)
			} else {
				err := del(bob, "1").rpcFails(t, http.StatusForbidden)
				require.True(t, err.RejectedByPolicy, err)
				require.Equal(t, "cannot-read-back", err.RejectReason, err)
				require.Equal(t, "Comment", err.Model, err)
			}
			require.False(t, e.commentExists(t, 1), "deleted")
			// gone: now a 404 for Bob too
			if api == "REST" {
				del(bob, "1").fails(t, http.StatusNotFound)
			} else {
				del(bob, "1").rpcFails(t, http.StatusNotFound)
			}

			// Bob's readable comment 5: deleted and answered as before.
			if api == "REST" {
				r := del(bob, "5")
				require.Equal(t, http.StatusNoContent, r.status, r.body)
			} else {
				row, ok := del(bob, "5").result(t).(map[string]any)
				require.True(t, ok)
				require.Equal(t, float64(5), row["id"], row)
			}
			require.False(t, e.commentExists(t, 5), "deleted")
		})
	}
}

// TestBulkWritesDecidedByWriteRules: RPC updateMany, updateManyAndReturn,
// upsert and deleteMany act on the rows their where selects that the
// update or delete rules admit, whether the viewer may read them or not,
// as in ZenStack v3 (checked against it). Bob wrote comments 1 and 5; once
// Emily's post 1 is a draft, he may change comment 1 but not read it.
func TestBulkWritesDecidedByWriteRules(t *testing.T) {
	e := newEnv(t)
	e.rest(t, emily, "PATCH", "/post/1", `{"data":{"type":"post","attributes":{"published":false}}}`).ok(t)

	r := e.rpc(t, bob, "PUT", "comment/updateMany", `{"where":{},"data":{"content":"bulk"}}`)
	require.Equal(t, map[string]any{"count": float64(2)}, r.result(t))
	require.Equal(t, "bulk", e.commentContent(t, 1))
	require.Equal(t, "bulk", e.commentContent(t, 5))

	// updateManyAndReturn: committed, and answered cannot-read-back since
	// comment 1 cannot be read back.
	err := e.rpc(t, bob, "PUT", "comment/updateManyAndReturn", `{"where":{},"data":{"content":"again"}}`).rpcFails(t, http.StatusForbidden)
	require.True(t, err.RejectedByPolicy, err)
	require.Equal(t, "cannot-read-back", err.RejectReason, err)
	require.Equal(t, "again", e.commentContent(t, 1))
	require.Equal(t, "again", e.commentContent(t, 5))

	// upsert finds comment 1 by the update rules: updated, cannot-read-back.
	err = e.rpc(t, bob, "POST", "comment/upsert", `{"where":{"id":1},"create":{"content":"new","post":{"connect":{"id":2}},"author":{"connect":{"id":2}}},"update":{"content":"upserted"}}`).rpcFails(t, http.StatusForbidden)
	require.Equal(t, "cannot-read-back", err.RejectReason, err)
	require.Equal(t, "upserted", e.commentContent(t, 1))
	require.Equal(t, 5, e.count(t, "comments"), "nothing created")

	// Ann may neither read nor change comment 1: her bulk writes skip it.
	r = e.rpc(t, ann, "PUT", "comment/updateMany", `{"where":{"id":1},"data":{"content":"ann"}}`)
	require.Equal(t, map[string]any{"count": float64(0)}, r.result(t))
	r = e.rpc(t, ann, "DELETE", "comment/deleteMany", `{"where":{"id":1}}`)
	require.Equal(t, map[string]any{"count": float64(0)}, r.result(t))
	require.Equal(t, "upserted", e.commentContent(t, 1))

	r = e.rpc(t, bob, "DELETE", "comment/deleteMany", `{"where":{}}`)
	require.Equal(t, map[string]any{"count": float64(2)}, r.result(t))
	require.False(t, e.commentExists(t, 1))
	require.False(t, e.commentExists(t, 5))
	require.Equal(t, 3, e.count(t, "comments"))
}
