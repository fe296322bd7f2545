package middleware

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/entstack/entstack/resource"
)

// internalMessage is all a client learns about a panic: its value and
// stack are for the log only.
const internalMessage = "the server failed to process the request"

// recovered turns a panic of the handler that deferred it into an error
// log line (with the stack and the request id) and a 500 answered by
// writeError, and the server goes on serving. When part of the response is
// already out, a well-formed error cannot follow it: the connection is
// dropped (http.ErrAbortHandler) so that the client sees a broken response
// rather than a truncated one that looks whole.
//
// Handlers defer it themselves (defer s.recovered(rec, r, writeError)),
// rather than run below a wrapper that does: every frame between the
// connection's goroutine and the queries deepens the stack of the whole
// request, and a stack that outgrows the goroutine's is copied to a larger
// one, again after each garbage collection shrinks it back (measured: 3 %
// of a get-one's CPU).
func (s *Stack) recovered(rec *recorder, r *http.Request, writeError func(http.ResponseWriter, *http.Request, error)) {
	p := recover()
	if p == nil {
		return
	}
	if err, ok := p.(error); ok && errors.Is(err, http.ErrAbortHandler) {
		panic(p) // a handler's way to drop the connection on purpose
	}
	s.log.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("panic", fmt.Sprint(p)),
		slog.String("stack", string(debug.Stack())))
	if rec.written() {
		panic(http.ErrAbortHandler)
	}
	rec.Header().Del("Content-Length") // set by the handler for its own body
	writeError(rec, r, &resource.Error{Kind: resource.Internal, Code: resource.CodeInternal,
		Title: resource.Title(resource.CodeInternal), Detail: internalMessage, Err: fmt.Errorf("panic: %v", p)})
}
