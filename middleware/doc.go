// Package middleware is the HTTP plumbing a server of entstack's APIs
// needs around the handlers: request ids, a structured access log (slog),
// panics answered as 500s in the API's own error format, body and query
// string limits, a deadline per request (503 past it) and a health check.
// It is plain net/http; package ginadapter runs it in a gin chain.
//
// A Stack has two layers. Handler wraps the whole server: it gives every
// request an id (X-Request-Id, kept when the caller sent a sane one), logs
// one line per request when it is done, and turns a panic anywhere below it
// into a 500. API wraps one API handler (restapi.Handler, rpcapi.Handler):
// it refuses requests over the limits and bounds the request's work by the
// deadline, and answers those errors and panics in that API's format.
//
//	mw, err := middleware.New(middleware.Options{Logger: log})
//	mux := http.NewServeMux()
//	mux.Handle("/api/rest/", http.StripPrefix("/api/rest", mw.API(rest)))
//	mux.Handle("/api/rpc/", http.StripPrefix("/api/rpc", mw.API(rpc)))
//	mux.Handle("/healthz", middleware.Health(db.PingContext))
//	http.ListenAndServe(":8080", mw.Handler(auth(mux)))
//
// The access log writes 5xx responses at error level (warning when the
// client had gone away), health checks at debug level, everything else at
// info; a line says canceled=client when the client went away before the
// answer and canceled=deadline when the request ran past Options.Timeout.
// Wrap the default logger's handler with LogHandler so that the lines the
// API handlers log (internal errors, on slog's default logger) carry the
// request id too.
package middleware
