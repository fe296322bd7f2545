package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/entstack/entstack/middleware"
)

// TestServer runs the program's server on a fresh database: both APIs
// answer through the middleware, and so does the health check.
func TestServer(t *testing.T) {
	h := newServer("file:" + filepath.Join(t.TempDir(), "blog.db") + "?_fk=1")
	for _, tc := range []struct{ target, want string }{
		{"/api/rest/tag", `"data":[]`},
		{"/api/rpc/tag/count", `{"data":0}`},
		{"/healthz", `{"status":"ok"}`},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.target, nil))
		body, _ := io.ReadAll(rec.Body)
		if rec.Code != http.StatusOK || !strings.Contains(string(body), tc.want) || rec.Header().Get(middleware.RequestIDHeader) == "" {
			t.Errorf("GET %s: %d %s %v, want 200 with %s and a request id", tc.target, rec.Code, body, rec.Header(), tc.want)
		}
	}
}
