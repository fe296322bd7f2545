package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/example/server"
)

// A request past its deadline is a 503 in the flavour's format, and it is
// not logged as an internal error: a cancelled query is not a bug.
func TestRequestTimeout(t *testing.T) {
	slow := func(g *gin.Context) { <-g.Request.Context().Done() } // outlive the deadline
	s := newTestServer(t, server.Config{RequestTimeout: 20 * time.Millisecond, Middleware: []gin.HandlerFunc{slow}})
	for _, path := range []string{"/api/rest/post", "/api/rpc/post/findMany"} {
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		require.Equal(t, http.StatusServiceUnavailable, rec.Code, "%s: %s", path, rec.Body)
		require.Contains(t, rec.Body.String(), "context deadline exceeded")
	}
	require.NotContains(t, string(s.log.Bytes()), "internal error")
}
