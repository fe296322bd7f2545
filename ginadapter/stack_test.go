package ginadapter_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ginadapter"
	"github.com/entstack/entstack/middleware"
	"github.com/entstack/entstack/resource"
)

// api is a minimal API: it answers its path, and errors as {"api-error":code}.
type api struct{}

func (api) ServeHTTP(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, r.URL.Path) }

func (api) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	e := err.(*resource.Error)
	w.WriteHeader(map[resource.ErrorKind]int{resource.Internal: 500, resource.URITooLong: 414}[e.Kind])
	fmt.Fprintf(w, `{"api-error":%q}`, e.Code)
}

// TestStackOnGin: the middleware stack in a gin app, as the README shows
// it: the server layer through Middleware, the API layer through Mount.
// The access log sees what gin's handlers wrote, panics in gin handlers are
// answered, and the API layer answers in the API's format.
func TestStackOnGin(t *testing.T) {
	var buf bytes.Buffer
	mw, err := middleware.New(middleware.Options{Logger: slog.New(slog.NewJSONHandler(&buf, nil)), MaxQueryBytes: 10})
	if err != nil {
		t.Fatal(err)
	}
	r := gin.New()
	r.Use(ginadapter.Middleware(mw.Handler))
	r.GET("/hello", func(c *gin.Context) {
		middleware.AddLogAttrs(c.Request.Context(), slog.Int("user_id", 3))
		c.String(http.StatusCreated, "id %s", middleware.RequestID(c.Request.Context()))
	})
	r.GET("/boom", func(*gin.Context) { panic("boom") })
	ginadapter.Mount(r.Group("/api"), mw.API(api{}))

	for _, tc := range []struct {
		target string
		status int
		body   string // with ID for the request id
		log    string // in the request's log line
	}{
		{"/hello", 201, "id ID", `"status":201,"duration":`},
		{"/boom", 500, `{"error":{"status":500,"code":"internal-error","message":"the server failed to process the request","requestId":"ID"}}`, `"level":"ERROR"`},
		{"/api/post/1", 200, "/post/1", `"path":"/api/post/1","status":200`},
		{"/api/post?0123456789a", 414, `{"api-error":"limit-exceeded"}`, `"status":414`},
	} {
		buf.Reset()
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest("GET", tc.target, nil))
		id := rec.Header().Get(middleware.RequestIDHeader)
		if want := strings.ReplaceAll(tc.body, "ID", id); rec.Code != tc.status || rec.Body.String() != want || id == "" {
			t.Errorf("GET %s: %d %q (id %q), want %d %q", tc.target, rec.Code, rec.Body, id, tc.status, want)
		}
		var line map[string]any
		last := bytes.TrimSpace(buf.Bytes())
		last = last[bytes.LastIndexByte(last, '\n')+1:]
		if err := json.Unmarshal(last, &line); err != nil || line["msg"] != "request" || line["request_id"] != id ||
			!strings.Contains(string(last), tc.log) {
			t.Errorf("GET %s: last log line %s, want the request's with %s", tc.target, last, tc.log)
		}
	}
}
