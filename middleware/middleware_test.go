package middleware_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/entstack/entstack/middleware"
	"github.com/entstack/entstack/resource"
)

// fakeAPI is an API with an error format of its own, so that the tests see
// which errors the middleware answers through it.
type fakeAPI struct {
	serve    http.HandlerFunc
	queryDoc bool
}

func (f *fakeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) { f.serve(w, r) }

var fakeStatus = map[resource.ErrorKind]int{
	resource.Internal: 500, resource.Invalid: 400, resource.TooLarge: 413,
	resource.URITooLong: 414, resource.Unavailable: 503,
}

func (f *fakeAPI) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	var e *resource.Error
	if !errors.As(err, &e) {
		e = &resource.Error{Kind: resource.Internal, Code: resource.CodeInternal, Detail: err.Error()}
	}
	w.Header().Set("Content-Type", "application/fake+json")
	w.WriteHeader(fakeStatus[e.Kind])
	fmt.Fprintf(w, `{"fake":{"code":%q,"detail":%q}}`, e.Code, e.Detail)
}

func (f *fakeAPI) QueryIsDocument() bool { return f.queryDoc }

// fakeBody is the fake API's error document.
type fakeBody struct {
	Fake struct{ Code, Detail string }
}

// env is a server of a stack: /api/ serves the API (its handler is set per
// test), everything else the "app" handler; the log is captured as JSON.
type env struct {
	h   http.Handler
	log *syncBuffer
}

func newEnv(t *testing.T, opts middleware.Options, api *fakeAPI, app http.HandlerFunc) *env {
	t.Helper()
	buf := &syncBuffer{}
	opts.Logger = slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	mw, err := middleware.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	if api != nil {
		mux.Handle("/api/", http.StripPrefix("/api", mw.API(api)))
	}
	if app != nil {
		mux.Handle("/", app)
	}
	return &env{h: mw.Handler(mux), log: buf}
}

func (e *env) do(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

// lines returns the captured log records with the message msg.
func (e *env) lines(t *testing.T, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range bytes.Split(bytes.TrimSpace(e.log.Bytes()), []byte("\n")) {
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

// only returns the one log record with the message msg.
func (e *env) only(t *testing.T, msg string) map[string]any {
	t.Helper()
	l := e.lines(t, msg)
	if len(l) != 1 {
		t.Fatalf("%d %q log lines, want 1:\n%s", len(l), msg, e.log.Bytes())
	}
	return l[0]
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

func ok(w http.ResponseWriter, r *http.Request) { _, _ = io.WriteString(w, "ok") }

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		opts middleware.Options
		want string // "" for valid
	}{
		{middleware.Options{}, ""},
		{middleware.Options{MaxBodyBytes: 10, MaxQueryBytes: 10, Timeout: 1}, ""},
		{middleware.Options{MaxBodyBytes: -1}, "MaxBodyBytes is -1: want a positive number of bytes, or 0 for the default (1048576)"},
		{middleware.Options{MaxQueryBytes: -5}, "MaxQueryBytes is -5"},
		{middleware.Options{Timeout: -1}, "Timeout is -1ns: want a positive duration"},
	} {
		_, err := middleware.New(tc.opts)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("New(%+v) = %v, want %q", tc.opts, err, tc.want)
		}
	}
}

// A panic is a 500 in the format of the API it happened in (a plain JSON
// error outside the APIs), an error log line with the stack and the request
// id, and the server goes on serving.
func TestPanic(t *testing.T) {
	boom := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "99") // the handler's own, for a body it never wrote
		panic("boom: a bug in a handler")
	}
	for _, tc := range []struct{ name, path, ctype, body string }{
		{"in the API", "/api/x", "application/fake+json", `{"fake":{"code":"internal-error","detail":"the server failed to process the request"}}`},
		{"outside", "/app", "application/json", `{"error":{"status":500,"code":"internal-error","message":"the server failed to process the request","requestId":"req-1"}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, middleware.Options{}, &fakeAPI{serve: boom}, boom)
			req := httptest.NewRequest(http.MethodGet, tc.path, nil)
			req.Header.Set(middleware.RequestIDHeader, "req-1")
			rec := e.do(req)
			if rec.Code != 500 || rec.Body.String() != tc.body || rec.Header().Get("Content-Type") != tc.ctype ||
				rec.Header().Get("Content-Length") != "" {
				t.Fatalf("%d %s %q (Content-Length %q), want 500 %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body,
					rec.Header().Get("Content-Length"), tc.ctype, tc.body)
			}
			p := e.only(t, "panic serving request")
			if p["request_id"] != "req-1" || p["level"] != "ERROR" || p["panic"] != "boom: a bug in a handler" ||
				!strings.Contains(p["stack"].(string), "middleware_test.go") {
				t.Errorf("panic log line %v: want request_id, the panic value and a stack through the handler", p)
			}
			if l := e.only(t, "request"); l["status"] != float64(500) || l["level"] != "ERROR" || l["request_id"] != "req-1" {
				t.Errorf("request log line %v: want an ERROR with status 500", l)
			}
		})
	}
}

// A panic after part of the response is out drops the connection: a
// well-formed error cannot follow, and a truncated body must not look whole.
func TestPanicAfterWriting(t *testing.T) {
	e := newEnv(t, middleware.Options{}, &fakeAPI{serve: func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"data":[`)
		panic("half-way")
	}}, nil)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	res, err := http.Get(srv.URL + "/api/x")
	if err == nil {
		_, err = io.ReadAll(res.Body)
		res.Body.Close()
	}
	if err == nil {
		t.Fatalf("the response after a panic was complete")
	}
	srv.Close() // the handler has returned: its log line is written
	l := e.only(t, "request")
	if l["level"] != "ERROR" || l["aborted"] != true || l["status"] != float64(200) {
		t.Fatalf("request log %v: want an ERROR marked aborted", l)
	}
	// net/http's handling of the re-raised panic is silent.
	if n := len(e.lines(t, "panic serving request")); n != 1 {
		t.Fatalf("%d panic log lines, want 1", n)
	}
}

func TestRequestID(t *testing.T) {
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
			var seen string
			e := newEnv(t, middleware.Options{}, nil, func(w http.ResponseWriter, r *http.Request) {
				seen = middleware.RequestID(r.Context())
			})
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tc.in != "" {
				req.Header.Set(middleware.RequestIDHeader, tc.in)
			}
			got := e.do(req).Header().Get(middleware.RequestIDHeader)
			if tc.kept && got != tc.in || !tc.kept && (len(got) != 32 || strings.Trim(got, "0123456789abcdef") != "") {
				t.Fatalf("request id %q for %q (kept: %v)", got, tc.in, tc.kept)
			}
			if seen != got {
				t.Errorf("RequestID(ctx) = %q, the header %q", seen, got)
			}
			if l := e.only(t, "request"); l["request_id"] != got {
				t.Errorf("request log %v: want request_id %q", l, got)
			}
		})
	}
	t.Run("unique", func(t *testing.T) {
		e := newEnv(t, middleware.Options{}, nil, ok)
		seen := map[string]bool{}
		for range 100 {
			id := e.do(httptest.NewRequest(http.MethodGet, "/", nil)).Header().Get(middleware.RequestIDHeader)
			if seen[id] {
				t.Fatalf("request id %q given twice", id)
			}
			seen[id] = true
		}
	})
}

func TestAccessLog(t *testing.T) {
	app := func(w http.ResponseWriter, r *http.Request) {
		if u := r.Header.Get("User"); u != "" {
			middleware.AddLogAttrs(r.Context(), slog.String("user_id", u))
		}
		switch r.URL.Path {
		case "/created":
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, "made")
		case "/fail":
			http.Error(w, "database down", http.StatusServiceUnavailable)
		case "/nothing":
		default:
			_, _ = io.WriteString(w, "hello")
		}
	}
	for _, tc := range []struct {
		name, path, user string
		status           int
		level            string
		bytes            int
	}{
		{"ok", "/", "", 200, "INFO", 5},
		{"with a user", "/created", "7", 201, "INFO", 4},
		{"no body", "/nothing", "", 200, "INFO", 0},
		{"5xx", "/fail", "", 503, "ERROR", 14},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, middleware.Options{}, nil, app)
			req := httptest.NewRequest(http.MethodPost, tc.path, nil)
			if tc.user != "" {
				req.Header.Set("User", tc.user)
			}
			rec := e.do(req)
			l := e.only(t, "request")
			want := map[string]any{"level": tc.level, "method": "POST", "path": tc.path, "status": float64(tc.status),
				"bytes": float64(tc.bytes), "request_id": rec.Header().Get(middleware.RequestIDHeader),
				"remote": "192.0.2.1", "canceled": nil, "aborted": nil}
			if tc.user != "" {
				want["user_id"] = tc.user
			}
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

// canceled says why a request stopped early, and only then: a request
// that simply ran (through the deadline layer, whose context is cancelled
// when it is done) is not canceled.
func TestAccessLogCanceled(t *testing.T) {
	waitForDeadline := func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		(&fakeAPI{}).WriteError(w, r, &resource.Error{Kind: resource.Unavailable, Code: resource.CodeCanceled, Detail: r.Context().Err().Error()})
	}
	for _, tc := range []struct {
		name     string
		serve    http.HandlerFunc
		gone     bool // the client disconnects while the handler works
		status   int
		level    string
		canceled any
	}{
		{"served", ok, false, 200, "INFO", nil},
		{"internal error", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "bug", 500) }, false, 500, "ERROR", nil},
		{"deadline", waitForDeadline, false, 503, "ERROR", "deadline"},
		{"client gone", waitForDeadline, true, 503, "WARN", "client"},
		{"client gone, answered", ok, true, 200, "INFO", "client"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, middleware.Options{Timeout: 20e6}, &fakeAPI{serve: tc.serve}, nil)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.gone {
				cancel()
			}
			rec := e.do(httptest.NewRequest(http.MethodGet, "/api/x", nil).WithContext(ctx))
			l := e.only(t, "request")
			if rec.Code != tc.status || l["status"] != float64(tc.status) || l["level"] != tc.level || l["canceled"] != tc.canceled {
				t.Fatalf("%d; log %v: want status %d, level %s, canceled %v", rec.Code, l, tc.status, tc.level, tc.canceled)
			}
		})
	}
}

// TestDeadlineOutlivesClient: the handler's context ends at the deadline,
// not when the client goes away (its queries run to their end rather than
// costing a database connection each).
func TestDeadlineOutlivesClient(t *testing.T) {
	var err error
	var hasDeadline bool
	e := newEnv(t, middleware.Options{Timeout: time.Minute}, &fakeAPI{serve: func(w http.ResponseWriter, r *http.Request) {
		_, hasDeadline = r.Context().Deadline()
		err = r.Context().Err()
	}}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the client is gone before the handler runs
	e.do(httptest.NewRequest(http.MethodGet, "/api/x", nil).WithContext(ctx))
	if err != nil || !hasDeadline {
		t.Fatalf("the handler's context: err %v, deadline %v; want no error and a deadline", err, hasDeadline)
	}
}

// hideLength makes a body whose length net/http cannot tell, as a chunked
// request has.
func hideLength(s string) io.Reader { return struct{ io.Reader }{strings.NewReader(s)} }

func TestLimits(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read error: "+err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "%d", len(b))
	}
	small := middleware.Options{MaxBodyBytes: 100, MaxQueryBytes: 50}
	for _, tc := range []struct {
		name     string
		opts     middleware.Options
		queryDoc bool
		method   string
		target   string
		body     string
		chunked  bool
		status   int
		code     string // "" for a success
		want     string // in the error detail or the success body
	}{
		{"body at the limit", small, false, "POST", "/api/x", strings.Repeat("x", 100), false, 200, "", "100"},
		{"body over the limit", small, false, "POST", "/api/x", strings.Repeat("x", 101), false, 413, "request-too-large", "101 bytes long; the limit is 100 bytes"},
		{"chunked body at the limit", small, false, "POST", "/api/x", strings.Repeat("x", 100), true, 200, "", "100"},
		{"chunked body over the limit", small, false, "PATCH", "/api/x", strings.Repeat("x", 5000), true, 413, "request-too-large", "larger than the limit of 100 bytes"},
		{"query at the limit", small, false, "GET", "/api/x?" + strings.Repeat("a", 50), "", false, 200, "", "0"},
		{"query over the limit", small, false, "GET", "/api/x?" + strings.Repeat("a", 51), "", false, 414, "limit-exceeded", "the query string is 51 bytes long; the limit is 50 bytes"},
		{"a query document is the API's to bound", small, true, "GET", "/api/x?q=" + strings.Repeat("a", 500), "", false, 200, "", "0"},
		{"a query document's API still has a body limit", small, true, "POST", "/api/x", strings.Repeat("x", 101), false, 413, "request-too-large", "the limit is 100 bytes"},
		{"default body limit is 1 MiB", middleware.Options{}, false, "POST", "/api/x", strings.Repeat("x", 1<<20), false, 200, "", "1048576"},
		{"default body limit exceeded", middleware.Options{}, false, "POST", "/api/x", strings.Repeat("x", 1<<20+1), false, 413, "request-too-large", "the limit is 1048576 bytes"},
		{"default query limit is 8 KiB", middleware.Options{}, false, "GET", "/api/x?" + strings.Repeat("a", 8<<10), "", false, 200, "", "0"},
		{"default query limit exceeded", middleware.Options{}, false, "GET", "/api/x?" + strings.Repeat("a", 8<<10+1), "", false, 414, "limit-exceeded", "the limit is 8192 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.opts, &fakeAPI{serve: echo, queryDoc: tc.queryDoc}, nil)
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
				if tc.chunked {
					body = hideLength(tc.body)
				}
			}
			rec := e.do(httptest.NewRequest(tc.method, tc.target, body))
			if rec.Code != tc.status {
				t.Fatalf("status %d %s, want %d", rec.Code, rec.Body, tc.status)
			}
			if tc.code == "" {
				if rec.Body.String() != tc.want {
					t.Fatalf("body %q, want %q", rec.Body, tc.want)
				}
				return
			}
			var b fakeBody
			if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil || b.Fake.Code != tc.code || !strings.Contains(b.Fake.Detail, tc.want) {
				t.Fatalf("body %s (%v), want the API's error with code %q and %q", rec.Body, err, tc.code, tc.want)
			}
		})
	}
	t.Run("a body longer than declared is cut", func(t *testing.T) {
		e := newEnv(t, small, &fakeAPI{serve: echo}, nil)
		req := httptest.NewRequest("POST", "/api/x", strings.NewReader(strings.Repeat("x", 500)))
		req.ContentLength = 10 // a lie net/http would catch; the recorder does not
		if rec := e.do(req); rec.Code != 400 || !strings.Contains(rec.Body.String(), "request body too large") {
			t.Fatalf("status %d %s, want the handler's read error", rec.Code, rec.Body)
		}
	})
}

// The health check answers 200 while its check passes and 503 when it
// fails, without telling the prober why: the reason is in the log.
func TestHealth(t *testing.T) {
	var down error
	h := middleware.Health(func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			return errors.New("the check has no deadline")
		}
		return down
	})
	e := newEnv(t, middleware.Options{}, nil, h.ServeHTTP)
	check := func(status int, body, level string) {
		t.Helper()
		before := len(e.lines(t, "request"))
		rec := e.do(httptest.NewRequest(http.MethodGet, "/healthz", nil))
		if rec.Code != status || rec.Body.String() != body || rec.Header().Get("Content-Type") != "application/json" ||
			rec.Header().Get("Cache-Control") != "no-store" {
			t.Fatalf("GET /healthz: %d %s %v, want %d %s", rec.Code, rec.Body, rec.Header(), status, body)
		}
		l := e.lines(t, "request")
		if len(l) != before+1 || l[before]["level"] != level {
			t.Fatalf("request log %v: want one new %s line", l, level)
		}
		if down != nil && l[before]["error"] != down.Error() {
			t.Fatalf("request log %v: want the check's error", l[before])
		}
	}
	check(200, `{"status":"ok"}`, "DEBUG")
	down = errors.New("dial tcp 10.0.0.5:5432: connect: connection refused")
	check(503, `{"status":"unavailable"}`, "ERROR")
}

// A line an application logs with the request's context (as the API
// handlers do for internal errors, on the default logger) carries the
// request id once, however often the handler was wrapped.
func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	appLog := slog.New(middleware.LogHandler(middleware.LogHandler(slog.NewJSONHandler(&buf, nil)))).With("component", "api")
	e := newEnv(t, middleware.Options{}, nil, func(w http.ResponseWriter, r *http.Request) {
		appLog.ErrorContext(r.Context(), "from a handler")
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set(middleware.RequestIDHeader, "req-42")
	e.do(req)
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

// Inner middleware runs inside the API layer, first outermost: within the
// deadline and with its panics answered in the API's format.
func TestAPIInner(t *testing.T) {
	var order []string
	mark := func(name string) func(http.Handler) http.Handler {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if _, ok := r.Context().Deadline(); !ok {
					t.Errorf("%s runs without the deadline", name)
				}
				if r.URL.Query().Has("panic-in-" + name) {
					panic(name)
				}
				order = append(order, name)
				next.ServeHTTP(w, r)
			})
		}
	}
	buf := &syncBuffer{}
	mw, err := middleware.New(middleware.Options{Logger: slog.New(slog.NewJSONHandler(buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	h := mw.Handler(mw.API(&fakeAPI{serve: func(w http.ResponseWriter, r *http.Request) { order = append(order, "api") }},
		mark("auth"), mark("hook")))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if strings.Join(order, ",") != "auth,hook,api" {
		t.Fatalf("order %v", order)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?panic-in-auth", nil))
	if rec.Code != 500 || !strings.HasPrefix(rec.Body.String(), `{"fake":`) {
		t.Fatalf("a panic in inner middleware: %d %s, want the API's 500", rec.Code, rec.Body)
	}
}
