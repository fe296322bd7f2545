package restapi

import "github.com/gin-gonic/gin"

// Mount serves the API on a gin router or group:
//
//	restapi.New(client.Resources(), opts).Mount(r.Group("/api/rest"))
func (h *Handler) Mount(r gin.IRouter) {
	r.Any("/*path", func(c *gin.Context) { h.Serve(c.Writer, c.Request, c.Param("path")) })
}
