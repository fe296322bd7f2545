package server

import (
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ent"
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
	// Logger receives the request log (default slog.Default()).
	Logger *slog.Logger
}

// New returns the HTTP handler of the blog API over client.
func New(client *ent.Client, cfg Config) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.Recovery())
	r.Use(authenticate(client, cfg.Secret))
	reg := client.Resources()
	api := r.Group("/api")
	restapi.New(reg, restapi.Options{Endpoint: cfg.BaseURL + "/api/rest"}).Mount(api.Group("/rest"))
	rpcapi.New(reg, rpcapi.Options{}).Mount(api.Group("/rpc"))
	return r
}
