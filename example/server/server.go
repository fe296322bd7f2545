package server

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/entstack/entstack/apidocs"
	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/middleware"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/restapi"
	"github.com/entstack/entstack/rpcapi"
)

// Config configures the server.
type Config struct {
	// BaseURL is the absolute URL the server is reached at, for links
	// ("http://localhost:8080").
	BaseURL string
	// Secret is the HS256 key of the bearer tokens.
	Secret []byte
	// Logger receives the request log and panics (default slog.Default()).
	Logger *slog.Logger
	// MaxBodyBytes caps request bodies (default 1 MiB); larger is a 413.
	MaxBodyBytes int64
	// MaxQueryBytes caps the query strings of JSON:API requests (default
	// 8 KiB); longer is a 414. RPC GET calls carry their arguments in the
	// query string (q): theirs is capped at MaxBodyBytes, like a body (413).
	MaxQueryBytes int64
	// RequestTimeout bounds the work of one API request (default 30 s):
	// past it the request's queries are cancelled, its transaction rolls
	// back and it is answered 503.
	RequestTimeout time.Duration
	// Middleware runs after authentication, before the API handlers: the
	// application's own handlers (and the tests' hooks).
	Middleware []func(http.Handler) http.Handler
}

// HealthPath is the health check a load balancer or orchestrator polls.
const HealthPath = "/healthz"

// New returns the HTTP handler of the blog API over client: JSON:API at
// /api/rest, RPC at /api/rpc (each with its OpenAPI document at
// openapi.json), their reference page at /docs, the health check at /healthz, behind the
// library middleware and the example's JWT authentication. It panics when
// cfg is invalid (BaseURL not an absolute URL, a negative limit).
func New(client *ent.Client, cfg Config) http.Handler {
	mw, err := middleware.New(middleware.Options{Logger: cfg.Logger, MaxBodyBytes: cfg.MaxBodyBytes,
		MaxQueryBytes: cfg.MaxQueryBytes, Timeout: cfg.RequestTimeout})
	if err != nil {
		panic(fmt.Sprintf("server.New: %v", err))
	}
	maxBody := cfg.MaxBodyBytes
	if maxBody == 0 {
		maxBody = middleware.DefaultMaxBodyBytes
	}
	reg := client.Resources()
	rest, err := restapi.New(reg, restapi.Options{Endpoint: cfg.BaseURL + "/api/rest", MaxBodyBytes: maxBody})
	if err != nil {
		panic(fmt.Sprintf("server.New: %v", err))
	}
	rpc, err := rpcapi.New(reg, rpcapi.Options{MaxBodyBytes: maxBody})
	if err != nil {
		panic(fmt.Sprintf("server.New: %v", err))
	}
	// Authentication runs inside each API's layer: its 401s are in that
	// API's format, and the user it names is loaded (by the first rule that
	// needs it) within the request's deadline.
	guard := func(unauthorized func(http.ResponseWriter, error)) []func(http.Handler) http.Handler {
		return append([]func(http.Handler) http.Handler{authenticate(cfg.Secret, unauthorized)}, cfg.Middleware...)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/rest/", http.StripPrefix("/api/rest", mw.API(rest, guard(restUnauthorized)...)))
	mux.Handle("/api/rpc/", http.StripPrefix("/api/rpc", mw.API(rpc, guard(rpcUnauthorized)...)))
	// The API reference page: Swagger UI over the handlers' documents.
	mux.Handle("/docs/", http.StripPrefix("/docs", apidocs.Handler(
		apidocs.Spec{Name: "JSON:API", URL: "/api/rest" + restapi.OpenAPIPath},
		apidocs.Spec{Name: "RPC", URL: "/api/rpc" + rpcapi.OpenAPIPath + "?view=docs"})))
	// The health check runs without authentication (a prober has no token).
	mux.Handle(HealthPath, middleware.Health(func(ctx context.Context) error {
		// A real query rather than a ping: it reads no data anyone could
		// be denied, so it bypasses the policies.
		_, err := client.User.Query().Exist(privacy.Bypass(ctx))
		return err
	}))
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest.WriteError(w, r, resource.Errorf(resource.NotFound, resource.CodeNotFound, "no such endpoint %s", strconv.Quote(r.URL.Path)))
	}))
	return mw.Handler(mux)
}
