package middleware

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/entstack/entstack/resource"
)

// Handler wraps a whole server: every request gets an id (echoed in
// X-Request-Id and put on the context, see RequestID), one access-log line
// when it is done, and a 500 instead of a dropped connection when something
// below panics. Panics inside an API wrapped with API are answered in that
// API's format; elsewhere (the application's own middleware) in a plain
// JSON error: {"error":{"status":500,"code":"internal-error","message":…}}.
func (s *Stack) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sv := s.begin(w, r)
		defer s.finish(sv)
		defer s.recovered(&sv.rec, sv.r, writePlainError)
		next.ServeHTTP(&sv.rec, sv.r)
	})
}

// served is the state of a request that Handler serves, in one allocation.
type served struct {
	rec   recorder
	ri    requestInfo
	r     *http.Request // with ri on its context
	start time.Time
}

// begin gives a request its id and its state. It is a function of its own
// so that Handler's stack frame, below the whole request, stays small (see
// recovered).
//
//go:noinline
func (s *Stack) begin(w http.ResponseWriter, r *http.Request) *served {
	sv := &served{start: time.Now(), rec: recorder{ResponseWriter: w}}
	sv.ri.id = incomingRequestID(r)
	w.Header().Set(RequestIDHeader, sv.ri.id)
	sv.r = r.WithContext(context.WithValue(r.Context(), requestInfoKey{}, &sv.ri))
	return sv
}

// finish logs the request. A panic gets here only as http.ErrAbortHandler
// (recovered re-raises it to drop a half-written response): it logs the
// request, then lets net/http close the connection.
func (s *Stack) finish(sv *served) {
	p := recover()
	s.logRequest(sv.r, &sv.rec, &sv.ri, sv.start, p != nil)
	if p != nil {
		panic(p)
	}
}

// writePlainError answers an error outside any API, in a small JSON
// document that any client can read.
func writePlainError(w http.ResponseWriter, r *http.Request, err error) {
	e, _ := err.(*resource.Error)
	if e == nil {
		e = &resource.Error{Kind: resource.Internal, Code: resource.CodeInternal, Detail: internalMessage}
	}
	status := http.StatusInternalServerError
	if e.Kind == resource.Unavailable {
		status = http.StatusServiceUnavailable
	}
	b := append(make([]byte, 0, 160), `{"error":{"status":`...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, `,"code":`...)
	b = resource.AppendString(b, e.Code)
	b = append(b, `,"message":`...)
	b = resource.AppendString(b, e.Detail)
	if id := RequestID(r.Context()); id != "" {
		b = append(b, `,"requestId":`...)
		b = resource.AppendString(b, id)
	}
	b = append(b, "}}"...)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
