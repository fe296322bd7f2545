package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/enttest"
	"github.com/entstack/entstack/example/server"
)

var secret = []byte("test-secret")

// testServer is the example server over a seeded in-memory database, with
// its log captured and test hooks installed: a path ending in /boom panics,
// one ending in /echo answers the length of the body it read.
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
	cfg.Middleware = append(cfg.Middleware, func(c *gin.Context) {
		switch {
		case strings.HasSuffix(c.Request.URL.Path, "/boom"):
			panic("boom: a bug in a handler")
		case strings.HasSuffix(c.Request.URL.Path, "/echo"):
			b, err := io.ReadAll(c.Request.Body)
			if err != nil {
				c.String(http.StatusBadRequest, "read error: %v", err)
			} else {
				c.String(http.StatusOK, "%d", len(b))
			}
			c.Abort()
		}
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
		ID     string `json:"id"`
		Status string `json:"status"`
		Code   string `json:"code"`
		Detail string `json:"detail"`
	} `json:"errors"`
	Error *struct {
		Message   string `json:"message"`
		Reason    string `json:"reason"`
		RequestID string `json:"requestId"`
	} `json:"error"`
}

// checkError checks that rec is an error of the status in the format of the
// flavour of path, carrying the request id, with a message containing want,
// and returns the request id.
func checkError(t *testing.T, path string, rec *httptest.ResponseRecorder, status int, code, want string) string {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %s", rec.Code, status, rec.Body)
	}
	id := rec.Header().Get(server.RequestIDHeader)
	if id == "" {
		t.Fatalf("no %s header", server.RequestIDHeader)
	}
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q: %v", rec.Body, err)
	}
	if strings.HasPrefix(path, "/api/rpc") {
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
		if body.Error == nil || body.Error.Reason != code || body.Error.RequestID != id || !strings.Contains(body.Error.Message, want) {
			t.Fatalf("RPC error body %s: want reason %q, requestId %q, message containing %q", rec.Body, code, id, want)
		}
		return id
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/vnd.api+json" {
		t.Errorf("Content-Type %q", ct)
	}
	if len(body.Errors) != 1 {
		t.Fatalf("JSON:API error body %s: want one error", rec.Body)
	}
	e := body.Errors[0]
	if e.ID != id || e.Status != strconv.Itoa(status) || e.Code != code || !strings.Contains(e.Detail, want) {
		t.Fatalf("JSON:API error %s: want id %q, status %d, code %q, detail containing %q", rec.Body, id, status, code, want)
	}
	return id
}

func TestPanicIsA500InTheFlavoursFormat(t *testing.T) {
	for _, path := range []string{"/api/rest/post/boom", "/api/rpc/post/boom", "/elsewhere/boom"} {
		t.Run(path, func(t *testing.T) {
			s := newTestServer(t, server.Config{})
			rec := s.do(httptest.NewRequest(http.MethodGet, path, nil))
			code := "unknown-error" // ZenStack's REST code
			if strings.HasPrefix(path, "/api/rpc") {
				code = "internal-error" // and RPC reason
			}
			id := checkError(t, path, rec, http.StatusInternalServerError, code, "the server failed")
			if strings.Contains(rec.Body.String(), "boom") {
				t.Errorf("the panic value leaks to the client: %s", rec.Body)
			}
			panics := s.logLines(t, "panic serving request")
			if len(panics) != 1 {
				t.Fatalf("%d panic log lines, want 1: %s", len(panics), s.log.Bytes())
			}
			p := panics[0]
			if p["request_id"] != id || p["level"] != "ERROR" || p["panic"] != "boom: a bug in a handler" ||
				!strings.Contains(p["stack"].(string), "middleware_test.go") {
				t.Errorf("panic log line %v: want request_id %q, the panic value and a stack through the handler", p, id)
			}
			reqs := s.logLines(t, "request")
			if len(reqs) != 1 || reqs[0]["status"] != float64(500) || reqs[0]["request_id"] != id {
				t.Errorf("request log lines %v: want one with status 500 and request_id %q", reqs, id)
			}
			// The server goes on serving.
			if rec := s.do(httptest.NewRequest(http.MethodGet, "/api/rest/post", nil)); rec.Code != http.StatusOK {
				t.Fatalf("the request after the panic: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestRequestID(t *testing.T) {
	generated := regexp.MustCompile(`^[0-9a-f]{32}$`)
	for _, tc := range []struct {
		name, in string
		kept     bool
	}{
		{"none", "", false},
		{"uuid", "3f2504e0-4f89-11d3-9a0c-0305e82c3301", true},
		{"trace id", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", true},
		{"base64", "aGVsbG8+/w==", true},
		{"spaces", "a b", false},
		{"log injection", "x\" level=ERROR msg=\"forged", false},
		{"html", "<script>", false},
		{"too long", strings.Repeat("a", 129), false},
		{"longest", strings.Repeat("a", 128), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newTestServer(t, server.Config{})
			req := httptest.NewRequest(http.MethodGet, "/api/rest/tag", nil)
			if tc.in != "" {
				req.Header.Set(server.RequestIDHeader, tc.in)
			}
			rec := s.do(req)
			got := rec.Header().Get(server.RequestIDHeader)
			if tc.kept && got != tc.in {
				t.Fatalf("request id %q, want the incoming %q", got, tc.in)
			}
			if !tc.kept && !generated.MatchString(got) {
				t.Fatalf("request id %q, want a generated one", got)
			}
			if l := s.logLines(t, "request"); len(l) != 1 || l[0]["request_id"] != got {
				t.Fatalf("request log %v: want request_id %q", l, got)
			}
		})
	}
	t.Run("unique", func(t *testing.T) {
		s := newTestServer(t, server.Config{})
		seen := map[string]bool{}
		for range 100 {
			id := s.do(httptest.NewRequest(http.MethodGet, "/healthz", nil)).Header().Get(server.RequestIDHeader)
			if seen[id] {
				t.Fatalf("request id %q given twice", id)
			}
			seen[id] = true
		}
	})
}

func TestAccessLog(t *testing.T) {
	s := newTestServer(t, server.Config{})
	tok, err := server.Token(secret, 2, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path, token string
		status            int
		user              any // float64 user id, or nil when anonymous
	}{
		{"anonymous", "/api/rest/tag", "", 200, nil},
		{"signed in", "/api/rest/tag/1", tok, 200, float64(2)},
		{"bad token", "/api/rest/tag", "nope", 401, nil},
		{"not found", "/api/rest/nope", "", 404, nil},
		{"no route", "/nowhere", "", 404, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, tc.path+"?fields[tag]=name", nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			before := len(s.logLines(t, "request"))
			rec := s.do(req)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			lines := s.logLines(t, "request")
			if len(lines) != before+1 {
				t.Fatalf("%d new request log lines, want 1", len(lines)-before)
			}
			l := lines[len(lines)-1]
			want := map[string]any{"level": "INFO", "method": "GET", "path": tc.path, "status": float64(tc.status),
				"bytes": float64(rec.Body.Len()), "request_id": rec.Header().Get(server.RequestIDHeader),
				"user_id": tc.user, "remote": "192.0.2.1"}
			for k, v := range want {
				if l[k] != v {
					t.Errorf("log %s = %v, want %v (line %v)", k, l[k], v, l)
				}
			}
			if d, ok := l["duration"].(float64); !ok || d <= 0 {
				t.Errorf("log duration %v, want a positive number of nanoseconds", l["duration"])
			}
		})
	}
}

// TestAccessLogClientGone: a 500 answered to a client that went away (its
// query was cancelled) is a warning marked canceled, not an error.
func TestAccessLogClientGone(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newTestServer(t, server.Config{Middleware: []gin.HandlerFunc{func(c *gin.Context) {
		cancel() // the client disconnects while the handler works
		c.String(http.StatusInternalServerError, "context canceled")
		c.Abort()
	}}})
	s.do(httptest.NewRequest(http.MethodGet, "/api/rest/tag", nil).WithContext(ctx))
	l := s.logLines(t, "request")
	if len(l) != 1 || l[0]["level"] != "WARN" || l[0]["canceled"] != true || l[0]["status"] != float64(500) {
		t.Fatalf("request log %v: want a WARN line with canceled=true and status 500", l)
	}
}
