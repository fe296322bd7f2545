package rpcapi

import "github.com/gin-gonic/gin"

// Mount serves the API on a gin router or group:
//
//	rpcapi.New(client.Resources(), rpcapi.Options{}).Mount(r.Group("/api/rpc"))
func (h *Handler) Mount(r gin.IRouter) {
	r.Any("/*path", func(c *gin.Context) { h.Serve(c.Writer, c.Request, c.Param("path")) })
}
