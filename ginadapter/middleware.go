package ginadapter

import (
	"bufio"
	"net"
	"net/http"

	"github.com/gin-gonic/gin"
)

// Middleware runs net/http middleware in a gin chain: the rest of the chain
// (the later middleware and the route's handlers) is the next handler mw
// wraps. The request mw passes on (with its context values) becomes
// c.Request; the response writer it passes on (a logger's recorder, a
// compressor) is what the rest of the chain writes to. When mw answers the
// request itself without calling its next handler, the chain is aborted.
//
//	r.Use(ginadapter.Middleware(mw.Handler))
func Middleware(mw func(http.Handler) http.Handler) gin.HandlerFunc {
	return func(c *gin.Context) {
		orig := c.Writer
		called := false
		mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			called = true
			c.Request = r
			if w != http.ResponseWriter(orig) {
				c.Writer = &responseWriter{ResponseWriter: w, size: -1, status: http.StatusOK}
			}
			c.Next()
		})).ServeHTTP(orig, c.Request)
		// Middleware earlier in the chain read gin's own writer, which saw
		// every byte through the wrapper.
		c.Writer = orig
		if !called {
			c.Abort()
		}
	}
}

// responseWriter is gin's view of a net/http ResponseWriter that some
// middleware substituted: the status and size bookkeeping gin's writer
// keeps, over whatever the middleware passed on. As gin's own, it holds the
// status back until the first write (or WriteHeaderNow), so that a later
// handler can still change it.
type responseWriter struct {
	http.ResponseWriter
	size   int // -1 until the header is written
	status int
}

var _ gin.ResponseWriter = (*responseWriter)(nil)

func (w *responseWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *responseWriter) WriteHeader(code int) {
	if code > 0 && !w.Written() {
		w.status = code
	}
}

func (w *responseWriter) WriteHeaderNow() {
	if !w.Written() {
		w.size = 0
		w.ResponseWriter.WriteHeader(w.status)
	}
}

func (w *responseWriter) Write(b []byte) (int, error) {
	w.WriteHeaderNow()
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

func (w *responseWriter) WriteString(s string) (int, error) { return w.Write([]byte(s)) }

func (w *responseWriter) Status() int   { return w.status }
func (w *responseWriter) Size() int     { return w.size }
func (w *responseWriter) Written() bool { return w.size != -1 }

func (w *responseWriter) Flush() {
	w.WriteHeaderNow()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *responseWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	if w.size < 0 {
		w.size = 0
	}
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// CloseNotify is the deprecated http.CloseNotifier that gin's interface
// still requires: the underlying writer's channel when it has one, else a
// channel that never fires (use the request context instead).
func (w *responseWriter) CloseNotify() <-chan bool {
	for rw := w.ResponseWriter; rw != nil; {
		if cn, ok := rw.(http.CloseNotifier); ok { //nolint:staticcheck // required by gin.ResponseWriter
			return cn.CloseNotify()
		}
		u, ok := rw.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		rw = u.Unwrap()
	}
	return make(chan bool)
}

func (w *responseWriter) Pusher() http.Pusher {
	p, _ := w.ResponseWriter.(http.Pusher)
	return p
}
