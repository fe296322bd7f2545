package server_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/entstack/entstack/example/server"
)

func TestHealth(t *testing.T) {
	s := newTestServer(t, server.Config{})
	check := func(wantStatus int, wantBody string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, "/healthz", nil)
		req.Header.Set("Authorization", "Bearer not-a-token") // a prober's header is not checked
		rec := s.do(req)
		if rec.Code != wantStatus || !strings.Contains(rec.Body.String(), wantBody) {
			t.Fatalf("GET /healthz: %d %s, want %d with %s", rec.Code, rec.Body, wantStatus, wantBody)
		}
		if !json.Valid(rec.Body.Bytes()) || rec.Header().Get("Content-Type") != "application/json" {
			t.Fatalf("GET /healthz: %q (%s) is not a JSON body", rec.Body, rec.Header().Get("Content-Type"))
		}
		if rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
		}
	}
	check(http.StatusOK, `{"status":"ok"}`)
	if l := s.logLines(t, "request"); len(l) != 1 || l[0]["level"] != "DEBUG" {
		t.Errorf("health checks log at debug level: %v", l)
	}
	if err := s.client.Close(); err != nil {
		t.Fatal(err)
	}
	check(http.StatusServiceUnavailable, `{"status":"unavailable","error":"`)
	check(http.StatusServiceUnavailable, `database is closed`)
}
