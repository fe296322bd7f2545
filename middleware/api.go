package middleware

import (
	"context"
	"errors"
	"net/http"
)

// API wraps an API handler: requests over the limits are refused (413,
// 414), the request's work is bounded by Options.Timeout (the API answers
// 503 past it), and a panic is a 500; every error in the API's own format.
// Mount the result where the API is served, as the API itself would be:
//
//	mux.Handle("/api/rest/", http.StripPrefix("/api/rest", mw.API(rest)))
//	ginadapter.Mount(r.Group("/api/rest"), mw.API(rest))
//
// The inner middleware, if any, wraps the API inside these layers (the
// first outermost): an authentication that loads the signed-in user from
// the database then runs within the deadline, and a panic in it is answered
// in the API's format.
func (s *Stack) API(api API, inner ...func(http.Handler) http.Handler) http.Handler {
	maxQuery := s.opts.MaxQueryBytes
	if d, ok := api.(queryDocument); ok && d.QueryIsDocument() {
		maxQuery = -1
	}
	var h http.Handler = api
	for i := len(inner) - 1; i >= 0; i-- {
		h = inner[i](h)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{ResponseWriter: w}
		defer s.recovered(rec, r, api.WriteError)
		if !checkLimits(rec, r, s.opts.MaxBodyBytes, maxQuery, api) {
			return
		}
		s.withDeadline(rec, r, h)
	})
}

// withDeadline serves r with its context cancelled after Options.Timeout,
// so that every query and transaction of the handler stops there; nothing
// the request started stays committed. The access log learns that the
// deadline passed here, before the cancellation that ends the context
// anyway when the request is done.
//
// A client that goes away does not cancel the work: it ends as it would
// have, within the deadline. Cancelling a query mid-flight costs more
// than it saves on a short one: pgx interrupts the read, closes the
// connection (its state is then unknown) and sends a cancel request over
// another, so every abandoned request made the pool dial PostgreSQL
// again. In the load tests, whose client disconnects at the end of each
// run, requests queued behind those dials took 1-5 s.
func (s *Stack) withDeadline(w http.ResponseWriter, r *http.Request, next http.Handler) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), s.opts.Timeout)
	defer cancel()
	next.ServeHTTP(w, r.WithContext(ctx))
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil {
		if ri := infoOf(ctx); ri != nil {
			ri.deadline = true
		}
	}
}
