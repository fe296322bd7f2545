package middleware

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// healthTimeout bounds a health check: one that hangs is worse than one that
// fails, since the prober gives up anyway.
const healthTimeout = 2 * time.Second

// Health is a health check endpoint for a load balancer or orchestrator: it
// answers 200 {"status":"ok"} when check returns nil within 2 s, else 503
// {"status":"unavailable"}, so that an instance that lost its database is
// taken out of rotation. The check's error goes to the access-log line of
// the request (error=…), not to the prober, which may be anyone who can
// reach the port. Responses are not cached; the access log writes
// successful health checks at debug level.
//
//	mux.Handle("/healthz", middleware.Health(db.PingContext))
func Health(check func(context.Context) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := infoOf(r.Context())
		if ri != nil {
			ri.quiet = true
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "application/json")
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := check(ctx); err != nil {
			if ri != nil {
				ri.attrs = append(ri.attrs, slog.String("error", err.Error()))
			}
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"unavailable"}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
}
