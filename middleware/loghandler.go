package middleware

import (
	"context"
	"log/slog"
)

// LogHandler wraps h so that every record logged with a request's context
// carries the request's id as request_id: the API handlers log their
// internal errors with slog.ErrorContext on the default logger, and those
// lines then match the X-Request-Id the client saw. Wrapping twice is a
// no-op.
//
//	slog.SetDefault(slog.New(middleware.LogHandler(slog.NewJSONHandler(os.Stderr, nil))))
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(requestIDHandler); ok {
		return h
	}
	return requestIDHandler{h}
}

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
