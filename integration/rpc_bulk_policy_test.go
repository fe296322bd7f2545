package integration

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRPCBulkWritesSkipDeniedRows: updateMany and deleteMany touch only the
// rows the viewer may change and count those; the others are skipped
// silently, as ZenStack's bulk operations do (POL-SEM-07).
func TestRPCBulkWritesSkipDeniedRows(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *httptest.Server) {
		rpc := ts.URL + "/api/rpc/"
		// Bob can read posts 1, 2, 4, 5, 6 and update his own: 4 and 5.
		code, body := doAs(t, 2, http.MethodPut, rpc+"post/updateMany", `{"where":{},"data":{"title":"bulk"}}`)
		require.Equal(t, http.StatusOK, code, body)
		require.JSONEq(t, `{"data":{"count":2}}`, body)
		_, body = rpcGet(t, ts, "post/findMany", `{"where":{"title":"bulk"},"select":{"id":true},"orderBy":[{"id":"asc"}]}`)
		require.JSONEq(t, `{"data":[{"id":4},{"id":5}]}`, body)

		// Anonymous viewers may delete no tag: nothing is deleted, and that is no error.
		code, body = doAs(t, 0, http.MethodDelete, rpc+"tag/deleteMany?q="+url.QueryEscape(`{"where":{}}`), "")
		require.Equal(t, http.StatusOK, code, body)
		require.JSONEq(t, `{"data":{"count":0}}`, body)
		_, body = rpcGet(t, ts, "tag/count", `{}`)
		require.JSONEq(t, `{"data":4}`, body)

		// Ann cannot even read Bob's draft: it is not matched.
		code, body = doAs(t, 3, http.MethodDelete, rpc+"post/deleteMany?q="+url.QueryEscape(`{"where":{"id":5}}`), "")
		require.Equal(t, http.StatusOK, code, body)
		require.JSONEq(t, `{"data":{"count":0}}`, body)
	})
}
