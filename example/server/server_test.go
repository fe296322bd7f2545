package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/enttest"
	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/middleware"
)

// These tests check the example's wiring: the library middleware around
// both APIs, errors in each API's format, authentication, the health check.
// The middleware's own behaviour is tested in package middleware.

var secret = []byte("test-secret")

// testServer is the example server over a seeded in-memory database, with
// its log captured and a test hook after authentication: a path ending in
// /boom panics, one ending in /slow outlives the request's deadline.
type testServer struct {
	client *ent.Client
	h      http.Handler
	log    *syncBuffer
}

func newTestServer(t *testing.T, cfg server.Config) *testServer {
	t.Helper()
	c := enttest.Open(t, "sqlite3", "file:"+strings.ReplaceAll(t.Name(), "/", "_")+"?mode=memory&cache=shared&_fk=1")
	t.Cleanup(func() { c.Close() })
	if err := server.Seed(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	buf := &syncBuffer{}
	cfg.BaseURL, cfg.Secret = "http://test.local", secret
	cfg.Logger = slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cfg.Middleware = append(cfg.Middleware, func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch {
			case strings.HasSuffix(r.URL.Path, "/boom"):
				panic("boom: a bug in a handler")
			case strings.HasSuffix(r.URL.Path, "/slow"):
				<-r.Context().Done()
				r.URL.Path = strings.TrimSuffix(r.URL.Path, "/slow") // the API then fails on the cancelled context
			}
			next.ServeHTTP(w, r)
		})
	})
	return &testServer{client: c, h: server.New(c, cfg), log: buf}
}

func (s *testServer) do(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, req)
	return rec
}

// logLines returns the captured log records with the message msg.
func (s *testServer) logLines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(s.log.Bytes()), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return bytes.Clone(s.b.Bytes())
}

// errorBody is both flavours' error documents, as far as the tests read them.
type errorBody struct {
	Errors []struct {
		Status string `json:"status"`
		Code   string `json:"code"`
		Detail string `json:"detail"`
	} `json:"errors"`
	Error *struct {
		Message string `json:"message"`
		Reason  string `json:"reason"`
	} `json:"error"`
}

// checkError checks that rec is an error of the status in the format of
// the flavour of path (the RPC's under /api/rpc, JSON:API elsewhere), with
// a message containing want (and, for JSON:API, the code), and a request id.
func checkError(t *testing.T, path string, rec *httptest.ResponseRecorder, status int, code, want string) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
	if rec.Header().Get(middleware.RequestIDHeader) == "" {
		t.Errorf("no %s header", middleware.RequestIDHeader)
	}
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	ct := rec.Header().Get("Content-Type")
	if strings.HasPrefix(path, "/api/rpc") {
		if !strings.HasPrefix(ct, "application/json") || body.Error == nil || !strings.Contains(body.Error.Message, want) {
			t.Fatalf("%s %s: want an RPC error whose message contains %q", ct, rec.Body, want)
		}
		return
	}
	if ct != "application/vnd.api+json" || len(body.Errors) != 1 {
		t.Fatalf("%s %s: want one JSON:API error", ct, rec.Body)
	}
	if e := body.Errors[0]; e.Status != strconv.Itoa(status) || e.Code != code || !strings.Contains(e.Detail, want) {
		t.Fatalf("JSON:API error %s: want status %d, code %q, detail containing %q", rec.Body, status, code, want)
	}
}

// Errors the middleware detects are answered in the format of the API the
// request is for.
func TestErrorsInTheFlavoursFormat(t *testing.T) {
	small := server.Config{MaxBodyBytes: 100, MaxQueryBytes: 50}
	for _, tc := range []struct {
		name, method, target, body string
		status                     int
		code, want                 string
	}{
		{"REST panic", "GET", "/api/rest/post/boom", "", 500, "unknown-error", "the server failed to process the request"},
		{"RPC panic", "GET", "/api/rpc/post/boom", "", 500, "", "the server failed to process the request"},
		{"REST body over the limit", "POST", "/api/rest/tag", strings.Repeat("x", 101), 413, "invalid-payload", "the limit is 100 bytes"},
		{"RPC body over the limit", "POST", "/api/rpc/tag/create", strings.Repeat("x", 101), 413, "", "the limit is 100 bytes"},
		{"REST query over the limit", "GET", "/api/rest/tag?" + strings.Repeat("a", 51), "", 414, "invalid-value", "the limit is 50 bytes"},
		// An RPC call's query string is its argument document: the body
		// limit applies, checked by the RPC handler.
		{"RPC arguments over the body limit", "GET", "/api/rpc/tag/findMany?q=" + strings.Repeat("a", 101), "", 413, "", `"q" query parameter is too large`},
		{"no such endpoint", "GET", "/nowhere", "", 404, "not-found", `no such endpoint "/nowhere"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, small)
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/vnd.api+json")
			rec := s.do(req)
			checkError(t, req.URL.Path, rec, tc.status, tc.code, tc.want)
			if strings.Contains(rec.Body.String(), "boom") {
				t.Errorf("the panic value leaks to the client: %s", rec.Body)
			}
		})
	}
	t.Run("RPC arguments over the query limit", func(t *testing.T) {
		s := newTestServer(t, small)
		q := `{"where":{"name":"` + strings.Repeat("a", 60) + `"}}`
		if rec := s.do(httptest.NewRequest("GET", "/api/rpc/tag/findMany?q="+q, nil)); rec.Code != 200 {
			t.Fatalf("%d %s", rec.Code, rec.Body)
		}
	})
}

// A request past its deadline is a 503 in the flavour's format, logged with
// canceled=deadline, and not as an internal error: a cancelled query is
// not a bug.
func TestRequestTimeout(t *testing.T) {
	s := newTestServer(t, server.Config{RequestTimeout: 20 * time.Millisecond})
	for _, path := range []string{"/api/rest/post/slow", "/api/rpc/post/findMany/slow"} {
		rec := s.do(httptest.NewRequest(http.MethodGet, path, nil))
		checkError(t, path, rec, http.StatusServiceUnavailable, "unknown-error", "context deadline exceeded")
	}
	for _, l := range s.logLines(t, "request") {
		if l["status"] != float64(503) || l["canceled"] != "deadline" || l["level"] != "ERROR" {
			t.Errorf("request log %v: want an ERROR with status 503 and canceled=deadline", l)
		}
	}
	if strings.Contains(string(s.log.Bytes()), "internal error") {
		t.Errorf("a timeout logged as an internal error:\n%s", s.log.Bytes())
	}
}

func TestAuthentication(t *testing.T) {
	s := newTestServer(t, server.Config{})
	tok, err := server.Token(secret, 2, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	expired, err := server.Token(secret, 2, -time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// Tokens a lenient parser would take: RFC 7519 wants NumericDate numbers,
	// and only the canonical decimal id names a user.
	signed := func(claims jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + s
	}
	exp := time.Now().Add(time.Minute).Unix()
	for _, tc := range []struct {
		name, path, auth string
		status           int
		user             any // user_id in the access log
		want             string
	}{
		{"canonical sub", "/api/rest/tag", signed(jwt.MapClaims{"sub": "2", "exp": exp}), 200, float64(2), ""},
		{"sub with a sign", "/api/rest/tag", signed(jwt.MapClaims{"sub": "+2", "exp": exp}), 401, nil, "not a user id"},
		{"sub with a leading zero", "/api/rest/tag", signed(jwt.MapClaims{"sub": "02", "exp": exp}), 401, nil, "not a user id"},
		{"numeric sub", "/api/rest/tag", signed(jwt.MapClaims{"sub": 2, "exp": exp}), 401, nil, "invalid token"},
		{"exp as a string", "/api/rest/tag", signed(jwt.MapClaims{"sub": "2", "exp": strconv.FormatInt(exp, 10)}), 401, nil, "invalid token"},
		{"iat as a string", "/api/rest/tag", signed(jwt.MapClaims{"sub": "2", "exp": exp, "iat": "yesterday"}), 401, nil, "invalid token"},
		{"nbf as a string", "/api/rest/tag", signed(jwt.MapClaims{"sub": "2", "exp": exp, "nbf": "0"}), 401, nil, "invalid token"},
		{"issued in the future", "/api/rest/tag", signed(jwt.MapClaims{"sub": "2", "exp": exp, "iat": exp}), 401, nil, "invalid token"},
		{"no exp", "/api/rest/tag", signed(jwt.MapClaims{"sub": "2"}), 401, nil, "invalid token"},
		{"anonymous", "/api/rest/tag", "", 200, nil, ""},
		{"signed in", "/api/rest/post?filter[published]=false", "Bearer " + tok, 200, float64(2), "unfinished draft"},
		{"signed in, RPC", "/api/rpc/post/count?q={\"where\":{\"published\":false}}", "Bearer " + tok, 200, float64(2), `"data":1`},
		{"expired", "/api/rest/tag", "Bearer " + expired, 401, nil, `"code":"unauthorized"`},
		{"not bearer", "/api/rpc/tag/findMany", "Basic x", 401, nil, `"reason":"unauthorized"`},
		// The health check does not look at tokens: a prober has none.
		{"health", "/healthz", "Bearer nope", 200, nil, `{"status":"ok"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			if tc.auth != "" {
				req.Header.Set("Authorization", tc.auth)
			}
			before := len(s.logLines(t, "request"))
			rec := s.do(req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("%d %s, want %d with %s", rec.Code, rec.Body, tc.status, tc.want)
			}
			if tc.status == 401 && rec.Header().Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
			l := s.logLines(t, "request")[before:]
			if len(l) != 1 || l[0]["user_id"] != tc.user {
				t.Fatalf("request log %v: want user_id %v", l, tc.user)
			}
		})
	}
}

func TestHealth(t *testing.T) {
	s := newTestServer(t, server.Config{})
	if rec := s.do(httptest.NewRequest(http.MethodGet, server.HealthPath, nil)); rec.Code != 200 {
		t.Fatalf("GET /healthz: %d %s", rec.Code, rec.Body)
	}
	if err := s.client.Close(); err != nil {
		t.Fatal(err)
	}
	rec := s.do(httptest.NewRequest(http.MethodHead, server.HealthPath, nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("HEAD /healthz with the database closed: %d %s", rec.Code, rec.Body)
	}
	l := s.logLines(t, "request")
	if last := l[len(l)-1]; last["level"] != "ERROR" || !strings.Contains(last["error"].(string), "database is closed") {
		t.Fatalf("request log %v: want an ERROR with the check's error", last)
	}
}

// The access log of a plain request: everything a reader needs, and no
// cancellation (the deadline layer's own cancel is not the client's).
func TestAccessLog(t *testing.T) {
	s := newTestServer(t, server.Config{})
	rec := s.do(httptest.NewRequest(http.MethodGet, "/api/rest/tag?fields[tag]=name", nil))
	l := s.logLines(t, "request")
	if len(l) != 1 {
		t.Fatalf("%d request lines", len(l))
	}
	want := map[string]any{"level": "INFO", "method": "GET", "path": "/api/rest/tag", "status": float64(200),
		"bytes": float64(rec.Body.Len()), "request_id": rec.Header().Get(middleware.RequestIDHeader),
		"remote": "192.0.2.1", "canceled": nil}
	for k, v := range want {
		if l[0][k] != v {
			t.Errorf("log %s = %v, want %v", k, l[0][k], v)
		}
	}
}
