package server_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/example/server"
)

// TestLogHandler: a line an API handler logs with the request's context
// (as restapi does for internal errors, on the default logger) carries the
// request id once, however often the handler was wrapped.
func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	appLog := slog.New(server.LogHandler(server.LogHandler(slog.NewJSONHandler(&buf, nil)))).With("component", "api")
	s := newTestServer(t, server.Config{Middleware: []gin.HandlerFunc{func(c *gin.Context) {
		appLog.ErrorContext(c.Request.Context(), "from a handler")
	}}})
	req := httptest.NewRequest(http.MethodGet, "/api/rest/tag", nil)
	req.Header.Set(server.RequestIDHeader, "req-42")
	if rec := s.do(req); rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	line := buf.String()
	if !strings.Contains(line, `"request_id":"req-42"`) || strings.Count(line, "request_id") != 1 ||
		!strings.Contains(line, `"component":"api"`) {
		t.Fatalf("log line %s: want request_id req-42 once, and the logger's attributes", line)
	}
	appLog.Error("no request")
	if strings.Count(buf.String(), "request_id") != 1 {
		t.Fatalf("a line logged without a request context has a request_id: %s", buf.String())
	}
}
