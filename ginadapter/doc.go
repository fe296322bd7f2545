// Package ginadapter serves entstack's net/http handlers and middleware on a
// gin router. The API handlers (restapi, rpcapi) and the middleware package
// are plain net/http and do not import gin; a gin application imports this
// package to mount them:
//
//	ginadapter.Mount(r.Group("/api/rest"), rest)
//	r.Use(ginadapter.Middleware(mw.Handler))
//
// A net/http application never imports it, and so never links gin.
package ginadapter
