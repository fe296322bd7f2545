package integration

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestConnectPresentMember: connecting a row that is already a member of
// the relation keeps it once, as Prisma does (Ent alone refuses it: the row
// already holds the parent's key).
func TestConnectPresentMember(t *testing.T) {
	e := newEnv(t)
	e.rpc(t, bob, http.MethodPut, "user/update",
		`{"where":{"id":2},"data":{"comments":{"connect":[{"id":1}]}},"select":{"id":true}}`).data(t, `{"id":2}`)
	e.rpc(t, emily, http.MethodGet, "comment/findUnique", `{"where":{"id":1},"select":{"authorId":true}}`).data(t, `{"authorId":2}`)
	require.Equal(t, 1, e.count(t, "comments WHERE id = 1 AND author_id = 2"))
}
