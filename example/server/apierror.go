package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/resource"
)

// abortWithError answers an error that the middleware itself detects (a
// panic, a request over a limit) in the format of the API flavour the
// request was for, with the request id in it so that a client can quote it:
//
//	JSON:API (/api/rest and anything else):
//	  {"jsonapi":{"version":"1.1"},"errors":[{"id":…,"status":…,"code":…,"title":…,"detail":…}]}
//	RPC (/api/rpc):
//	  {"error":{"message":…,"reason":…,"requestId":…}}
func abortWithError(c *gin.Context, status int, code, detail string) {
	id := RequestID(c.Request.Context())
	var b []byte
	ctype := "application/vnd.api+json"
	if isRPC(c.Request) {
		ctype = "application/json"
		b = append(b, `{"error":{"message":`...)
		b = resource.AppendString(b, detail)
		b = append(b, `,"reason":`...)
		b = resource.AppendString(b, code)
		if id != "" {
			b = append(b, `,"requestId":`...)
			b = resource.AppendString(b, id)
		}
		b = append(b, "}}"...)
	} else {
		b = append(b, `{"jsonapi":{"version":"1.1"},"errors":[{`...)
		if id != "" {
			b = append(b, `"id":`...)
			b = resource.AppendString(b, id)
			b = append(b, ',')
		}
		b = append(b, `"status":"`...)
		b = strconv.AppendInt(b, int64(status), 10)
		b = append(b, `","code":`...)
		b = resource.AppendString(b, code)
		b = append(b, `,"title":`...)
		b = resource.AppendString(b, resource.Title(code))
		b = append(b, `,"detail":`...)
		b = resource.AppendString(b, detail)
		b = append(b, "}]}"...)
	}
	c.Data(status, ctype, b)
	c.Abort()
}

func isRPC(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/rpc") }
