package ginadapter

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// Mount serves h on every path under the router or group r, with the
// request's URL path made relative to the group, as http.StripPrefix does
// for a net/http mux: a request for /api/rest/post/1 on
// r.Group("/api/rest") reaches h with the path /post/1.
//
//	ginadapter.Mount(r.Group("/api/rest"), rest)
func Mount(r gin.IRouter, h http.Handler) {
	r.Any("/*path", func(c *gin.Context) {
		req := new(http.Request)
		*req = *c.Request
		u := *c.Request.URL
		u.Path, u.RawPath = c.Param("path"), ""
		req.URL = &u
		h.ServeHTTP(c.Writer, req)
	})
}
