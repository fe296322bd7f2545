package server

import (
	"context"
	"net/http"
	"time"

	"github.com/entstack/entstack/privacy"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/resource"
)

// healthPath is the health check a load balancer or orchestrator polls.
const healthPath = "/healthz"

// healthTimeout bounds the database check: a health check that hangs is
// worse than one that fails, since the prober gives up anyway.
const healthTimeout = 2 * time.Second

// health answers 200 {"status":"ok"} when the database answers a cheap
// query in time, else 503 {"status":"unavailable","error":…}, so that an
// instance that lost its database is taken out of rotation.
func health(client *ent.Client) gin.HandlerFunc {
	return func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		ctx, cancel := context.WithTimeout(c.Request.Context(), healthTimeout)
		defer cancel()
		// The check reads no data anyone could be denied: bypass the policies.
		ctx = privacy.Bypass(ctx)
		if _, err := client.User.Query().Exist(ctx); err != nil {
			b := append([]byte(`{"status":"unavailable","error":`), resource.AppendString(nil, err.Error())...)
			c.Data(http.StatusServiceUnavailable, "application/json", append(b, '}'))
			return
		}
		c.Data(http.StatusOK, "application/json", []byte(`{"status":"ok"}`))
	}
}
