package server

import (
	"log/slog"
	"net"
	"time"

	"github.com/gin-gonic/gin"
)

// accessLog writes one structured line per request when it is done: method,
// path, status, duration, response bytes, request id and, when signed in,
// the user id. 5xx responses log at error level (warning when the client
// had gone away); health checks at debug level, since load balancers call
// them every few seconds.
func accessLog(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		r := c.Request
		status := c.Writer.Status()
		level := slog.LevelInfo
		gone := r.Context().Err() != nil // the client went away mid-request
		switch {
		case status >= 500 && gone:
			// The handlers report a query cancelled by the client's
			// departure as a 500 nobody receives: not a server fault.
			level = slog.LevelWarn
		case status >= 500:
			level = slog.LevelError
		case r.URL.Path == healthPath:
			level = slog.LevelDebug
		}
		if !log.Enabled(r.Context(), level) {
			return
		}
		attrs := make([]slog.Attr, 0, 8)
		attrs = append(attrs,
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Duration("duration", time.Since(start)),
			slog.Int("bytes", max(c.Writer.Size(), 0)),
		)
		// request_id comes from the context, through LogHandler.
		if ri := infoOf(r.Context()); ri != nil && ri.userID != 0 {
			attrs = append(attrs, slog.Int("user_id", ri.userID))
		}
		if gone {
			attrs = append(attrs, slog.Bool("canceled", true))
		}
		if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
			attrs = append(attrs, slog.String("remote", host))
		}
		log.LogAttrs(r.Context(), level, "request", attrs...)
	}
}
