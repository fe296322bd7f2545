package ginadapter_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ginadapter"
)

func init() { gin.SetMode(gin.ReleaseMode) }

func TestMount(t *testing.T) {
	r := gin.New()
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s?%s", r.Method, r.URL.Path, r.URL.RawQuery)
	})
	ginadapter.Mount(r.Group("/api/rest"), echo)
	for _, tc := range []struct{ method, target, want string }{
		{"GET", "/api/rest/post/1?include=author", "GET /post/1?include=author"},
		{"PATCH", "/api/rest/post/1", "PATCH /post/1?"},
		{"GET", "/api/rest/", "GET /?"},
		{"DELETE", "/api/rest/a%2Fb/x", "DELETE /a/b/x?"}, // gin matches the decoded path
	} {
		rec := httptest.NewRecorder()
		r.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.target, nil))
		if rec.Code != http.StatusOK || rec.Body.String() != tc.want {
			t.Errorf("%s %s: %d %q, want %q", tc.method, tc.target, rec.Code, rec.Body, tc.want)
		}
	}
}

type ctxKey struct{}

// recorder is net/http middleware that substitutes the response writer, as
// an access log does, and passes a request with a context value on.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (r *recorder) WriteHeader(code int) { r.status = code; r.ResponseWriter.WriteHeader(code) }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += n
	return n, err
}

func TestMiddleware(t *testing.T) {
	var seen *recorder
	logging := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := &recorder{ResponseWriter: w}
			next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), ctxKey{}, "from middleware")))
			seen = rec
		})
	}
	refuse := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("refuse") {
				http.Error(w, "refused", http.StatusTeapot)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	r := gin.New()
	r.Use(ginadapter.Middleware(logging), ginadapter.Middleware(refuse))
	reached := false
	r.GET("/x", func(c *gin.Context) {
		reached = true
		c.Status(http.StatusCreated) // gin holds the status back until the body
		c.String(http.StatusAccepted, "%v", c.Request.Context().Value(ctxKey{}))
	})

	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	if rec.Code != http.StatusAccepted || rec.Body.String() != "from middleware" {
		t.Fatalf("GET /x: %d %q", rec.Code, rec.Body)
	}
	if seen.status != http.StatusAccepted || seen.bytes != len("from middleware") {
		t.Fatalf("the middleware's writer saw status %d and %d bytes", seen.status, seen.bytes)
	}

	reached = false
	rec = httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/x?refuse", nil))
	if rec.Code != http.StatusTeapot || reached {
		t.Fatalf("GET /x?refuse: %d %q, handler reached: %v", rec.Code, rec.Body, reached)
	}
	if seen.status != http.StatusTeapot {
		t.Fatalf("the outer middleware saw status %d", seen.status)
	}
}
