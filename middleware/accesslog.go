package middleware

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// logRequest writes the access-log line of a request: method, path,
// status, duration, response bytes, the attributes the application added
// (AddLogAttrs), the peer's address and, through LogHandler, the request
// id. canceled says why a request stopped early: "client" when the client
// went away before the answer, "deadline" when the API's deadline passed.
// aborted marks a response cut off after a panic.
//
// Levels: a 5xx is an error, but a warning when the client had gone away
// (nobody received it and the handlers report a query cancelled by the
// departure as a failure); health checks are debug, since load balancers
// call them every few seconds; everything else is info.
func (s *Stack) logRequest(r *http.Request, rec *recorder, ri *requestInfo, start time.Time, aborted bool) {
	ctx := r.Context()
	status := rec.status
	if status == 0 {
		// Nothing written: net/http answers 200 with an empty body, or
		// drops the connection after an abort.
		status = http.StatusOK
	}
	canceled := ""
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		// Only net/http cancels the request's own context, and before
		// ServeHTTP returns only when the client went away.
		canceled = "client"
	case ri.deadline:
		canceled = "deadline"
	}
	level := slog.LevelInfo
	switch {
	case (status >= 500 || aborted) && canceled == "client":
		level = slog.LevelWarn
	case status >= 500 || aborted:
		level = slog.LevelError
	case ri.quiet:
		level = slog.LevelDebug
	}
	if !s.log.Enabled(ctx, level) {
		return
	}
	// The record is built here rather than by Logger.LogAttrs, which
	// would walk the stack for the caller's PC on every request (1 % of a
	// get-one's CPU) to name this file as the source; the end of the
	// request is the record's time and the end of its duration.
	now := time.Now()
	line := slog.NewRecord(now, level, "request", 0)
	line.AddAttrs(
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.Int("status", status),
		slog.Duration("duration", now.Sub(start)),
		slog.Int("bytes", rec.bytes),
	)
	line.AddAttrs(ri.attrs...)
	if canceled != "" {
		line.AddAttrs(slog.String("canceled", canceled))
	}
	if aborted {
		line.AddAttrs(slog.Bool("aborted", true))
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		line.AddAttrs(slog.String("remote", host))
	}
	_ = s.log.Handler().Handle(ctx, line)
}
