package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/entstack/entstack/example/server"
)

// hideLength makes a body whose length net/http cannot tell, as a chunked
// request has.
func hideLength(s string) io.Reader { return struct{ io.Reader }{strings.NewReader(s)} }

func TestLimits(t *testing.T) {
	small := server.Config{MaxBodyBytes: 100, MaxQueryBytes: 50}
	for _, tc := range []struct {
		name    string
		cfg     server.Config
		method  string
		target  string
		body    string
		chunked bool
		status  int
		code    string // the flavour's: REST code or RPC reason; "" for a success
		want    string // in the error message or success body
	}{
		{"body at the limit", small, "POST", "/api/rest/tag/echo", strings.Repeat("x", 100), false, 200, "", "100"},
		{"body over the limit", small, "POST", "/api/rest/tag", strings.Repeat("x", 101), false, 413, "invalid-payload", "101 bytes long; the limit is 100 bytes"},
		{"RPC body over the limit", small, "POST", "/api/rpc/tag/create", strings.Repeat("x", 101), false, 413, "invalid-input", "the limit is 100 bytes"},
		{"chunked body at the limit", small, "POST", "/api/rest/tag/echo", strings.Repeat("x", 100), true, 200, "", "100"},
		{"chunked body over the limit", small, "PATCH", "/api/rest/tag/1", strings.Repeat("x", 101), true, 413, "invalid-payload", "larger than the limit of 100 bytes"},
		{"RPC chunked body over the limit", small, "PUT", "/api/rpc/tag/update", strings.Repeat("x", 5000), true, 413, "invalid-input", "larger than the limit of 100 bytes"},
		{"query at the limit", small, "GET", "/api/rest/tag?" + strings.Repeat("a", 50), "", false, 400, "", ""},
		{"query over the limit", small, "GET", "/api/rest/tag?" + strings.Repeat("a", 51), "", false, 414, "invalid-value", "the query string is 51 bytes long; the limit is 50 bytes"},
		{"RPC query over the query limit is an argument document", small, "GET", "/api/rpc/tag/echo?q=" + strings.Repeat("a", 98), "", false, 200, "", "0"},
		{"RPC query over the body limit", small, "GET", "/api/rpc/tag/findMany?q=" + strings.Repeat("a", 99), "", false, 413, "invalid-input", "the query string (the call's arguments) is 101 bytes long; the limit is 100 bytes"},
		{"default body limit is 1 MiB", server.Config{}, "POST", "/api/rest/tag/echo", strings.Repeat("x", 1<<20), false, 200, "", "1048576"},
		{"default body limit exceeded", server.Config{}, "POST", "/api/rest/tag", strings.Repeat("x", 1<<20+1), false, 413, "invalid-payload", "the limit is 1048576 bytes"},
		{"default query limit is 8 KiB", server.Config{}, "GET", "/api/rest/tag?" + strings.Repeat("a", 8<<10), "", false, 400, "", ""},
		{"default query limit exceeded", server.Config{}, "GET", "/api/rest/tag?" + strings.Repeat("a", 8<<10+1), "", false, 414, "invalid-value", "the limit is 8192 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, tc.cfg)
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
				if tc.chunked {
					body = hideLength(tc.body)
				}
			}
			req := httptest.NewRequest(tc.method, tc.target, body)
			req.Header.Set("Content-Type", "application/vnd.api+json")
			rec := s.do(req)
			if tc.code != "" {
				checkError(t, req.URL.Path, rec, tc.status, tc.code, tc.want)
				return
			}
			// Under the limit the request reaches its handler (an unknown
			// parameter "aaa…" is the JSON:API handler's 400).
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("status %d %s, want %d with %q", rec.Code, rec.Body, tc.status, tc.want)
			}
		})
	}
}

// TestBodyReaderIsCapped checks the safety net under the up-front checks: a
// body longer than it declared is cut at the limit for handlers that read
// without a limit of their own.
func TestBodyReaderIsCapped(t *testing.T) {
	s := newTestServer(t, server.Config{MaxBodyBytes: 100})
	req := httptest.NewRequest("POST", "/api/rest/tag/echo", strings.NewReader(strings.Repeat("x", 500)))
	req.ContentLength = 10 // a lie net/http would catch; the recorder does not
	rec := s.do(req)
	if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "request body too large") {
		t.Fatalf("status %d %s, want the handler's read error", rec.Code, rec.Body)
	}
}
