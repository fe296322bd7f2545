package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/resource"
)

// recovery turns a panic in a handler into a 500 in the flavour's error
// format and an error log line with the stack and the request id, and keeps
// the server serving. It replaces gin.Recovery, whose plain-text 500 and
// unstructured log fit neither API.
func recovery(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				// A handler's way to drop the connection on purpose:
				// net/http recovers it silently.
				panic(p)
			}
			r := c.Request
			log.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.String("panic", fmt.Sprint(p)),
				slog.String("stack", string(debug.Stack())))
			if c.Writer.Written() {
				// Part of the response is out: a well-formed error body
				// cannot follow it; end the request.
				c.Abort()
				return
			}
			c.Writer.Header().Del("Content-Length") // set by the handler for its own body
			abortWithError(c, http.StatusInternalServerError, resource.CodeInternal,
				"the server failed to process the request")
		}()
		c.Next()
	}
}
