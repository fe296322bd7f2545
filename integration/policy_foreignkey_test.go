package integration

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestForeignKeyTakesConnectPath: a foreign key written as a scalar
// (comment.postId) changes the relation exactly as connect does, through
// every RPC write entry point. Bob writes his comment 1 (on Emily's
// published post 1) or a new comment; post 3 is Emily's hidden draft and
// post 999 does not exist: both answer the same 404, so a hidden row is
// no existence oracle, and nothing is written. The REST forms are in
// TestOwnershipCannotMove and the relationship tests.
func TestForeignKeyTakesConnectPath(t *testing.T) {
	inputs := map[string]string{
		"scalar":  `{"postId":%d}`,
		"connect": `{"post":{"connect":{"id":%d}}}`,
	}
	entries := []struct{ name, method, op, args string }{
		{"update", "PUT", "comment/update", `{"where":{"id":1},"data":%s}`},
		{"updateMany", "PUT", "comment/updateMany", `{"where":{"id":1},"data":%s}`},
		{"upsert's update", "POST", "comment/upsert", `{"where":{"id":1},"create":{"content":"x","author":{"connect":{"id":2}},"post":{"connect":{"id":1}}},"update":%s}`},
		{"create", "POST", "comment/create", `{"data":%s}`},
		{"$transaction", "POST", "$transaction/sequential", `[{"model":"Comment","op":"update","args":{"where":{"id":1},"data":%s}}]`},
	}
	for _, entry := range entries {
		for input, data := range inputs {
			if strings.Contains(entry.name, "Many") && input == "connect" {
				continue // updateMany takes scalar fields only
			}
			t.Run(entry.name+" "+input, func(t *testing.T) {
				e := newEnv(t)
				var outcomes []string
				for _, post := range []int{3, 999} {
					d := fmt.Sprintf(data, post)
					if entry.name == "create" {
						d = strings.TrimSuffix(d, "}") + `,"content":"planted","author":{"connect":{"id":2}}}`
					}
					r := e.rpc(t, bob, entry.method, entry.op, fmt.Sprintf(entry.args, d))
					err := r.rpcFails(t, http.StatusNotFound)
					outcomes = append(outcomes, err.Reason)
				}
				require.Equal(t, outcomes[0], outcomes[1], "a hidden post answers as a missing one")
				e.ownersUnchanged(t)
				doc := e.rest(t, emily, "GET", "/post/3/comments", "").ok(t)
				require.Empty(t, doc.list(t), "nothing planted in the hidden draft")
			})
		}
	}
}
