package server

import (
	"context"
	"time"

	"github.com/gin-gonic/gin"
)

// deadline bounds the work of a request: its context (and so every query
// and transaction of the handlers) is cancelled after d. The handlers
// answer such a request 503; nothing it started stays committed.
func deadline(d time.Duration) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}
