package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ginadapter"
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
	// MaxBodyBytes caps request bodies (default DefaultMaxBodyBytes, 1 MiB);
	// larger is a 413.
	MaxBodyBytes int64
	// MaxQueryBytes caps the query strings of JSON:API requests (default
	// DefaultMaxQueryBytes, 8 KiB); longer is a 414. RPC GET calls carry
	// their arguments in the query string (q): theirs is capped at
	// MaxBodyBytes, like a body (413).
	MaxQueryBytes int64
	// RequestTimeout bounds the database work of one request (default 30 s):
	// past it the request's queries are cancelled, its transaction rolls
	// back and it is answered 503.
	RequestTimeout time.Duration
	// Middleware runs after authentication, before the API routes: the
	// application's own handlers (and the tests' hooks).
	Middleware []gin.HandlerFunc
}

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	c.Logger = slog.New(LogHandler(c.Logger.Handler()))
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxQueryBytes <= 0 {
		c.MaxQueryBytes = DefaultMaxQueryBytes
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = 30 * time.Second
	}
	return c
}

// New returns the HTTP handler of the blog API over client.
func New(client *ent.Client, cfg Config) http.Handler {
	cfg = cfg.withDefaults()
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// No proxy is trusted with X-Forwarded-For unless configured: gin's
	// default trusts every peer, which lets any client forge its address.
	_ = r.SetTrustedProxies(nil)
	// Order matters: the id first, so that every later line carries it;
	// the log outside the recovery, so that it records the 500 of a panic.
	r.Use(requestID(), accessLog(cfg.Logger), recovery(cfg.Logger), limits(cfg.MaxBodyBytes, cfg.MaxQueryBytes), deadline(cfg.RequestTimeout))
	// Routes take the middleware installed before them: the health check
	// runs without authentication (a prober has no token).
	r.GET(healthPath, health(client))
	r.HEAD(healthPath, health(client))
	r.NoRoute(func(c *gin.Context) {
		abortWithError(c, http.StatusNotFound, resource.CodeNotFound, "no such endpoint "+strconv.Quote(c.Request.URL.Path))
	})
	r.Use(authenticate(client, cfg.Secret))
	r.Use(cfg.Middleware...)
	reg := client.Resources()
	api := r.Group("/api")
	ginadapter.Mount(api.Group("/rest"), restapi.New(reg, restapi.Options{Endpoint: cfg.BaseURL + "/api/rest", MaxBodyBytes: cfg.MaxBodyBytes}))
	ginadapter.Mount(api.Group("/rpc"), rpcapi.New(reg, rpcapi.Options{MaxBodyBytes: cfg.MaxBodyBytes}))
	return r
}
