package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/restapi"
)

// abortWithError answers an error that the middleware itself detects (a
// panic, a request over a limit) in the format of the API flavour the
// request was for, with the request id in it so that a client can quote it:
//
//	JSON:API (/api/rest and anything else):
//	  {"jsonapi":{"version":"1.1"},"errors":[{"id":…,"status":…,"code":…,"title":…,"detail":…,"meta":{"errorCode":…}}]}
//	RPC (/api/rpc):
//	  {"error":{"message":…,"reason":…,"requestId":…}}
//
// code is the runtime's (resource.Code…); each flavour answers with its
// own vocabulary, ZenStack's REST error codes and RPC reasons, as the
// handlers do.
func abortWithError(c *gin.Context, status int, code, detail string) {
	id := RequestID(c.Request.Context())
	var b []byte
	ctype := "application/vnd.api+json"
	if isRPC(c.Request) {
		ctype = "application/json"
		b = append(b, `{"error":{"message":`...)
		b = resource.AppendString(b, detail)
		b = append(b, `,"reason":`...)
		b = resource.AppendString(b, rpcReasons[code])
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
		rest := restCodes[code]
		b = append(b, `","code":`...)
		b = resource.AppendString(b, rest)
		b = append(b, `,"title":`...)
		b = resource.AppendString(b, restapi.Title(rest))
		b = append(b, `,"detail":`...)
		b = resource.AppendString(b, detail)
		if rest != code && code != resource.CodeInternal {
			b = append(b, `,"meta":{"errorCode":`...)
			b = resource.AppendString(b, code)
			b = append(b, '}')
		}
		b = append(b, "}]}"...)
	}
	c.Data(status, ctype, b)
	c.Abort()
}

// restCodes and rpcReasons name the middleware's errors in each flavour's
// vocabulary.
var (
	restCodes = map[string]string{
		resource.CodeTooLarge:        restapi.CodeInvalidPayload,
		resource.CodeInvalidDocument: restapi.CodeInvalidPayload,
		resource.CodeLimit:           restapi.CodeInvalidValue, // the query string (414)
		resource.CodeNotFound:        restapi.CodeInvalidPath,  // no route
		resource.CodeInternal:        restapi.CodeUnknownError,
	}
	rpcReasons = map[string]string{
		resource.CodeTooLarge:        "invalid-input",
		resource.CodeInvalidDocument: "invalid-input",
		resource.CodeLimit:           "invalid-input",
		resource.CodeNotFound:        "not-found",
		resource.CodeInternal:        "internal-error",
	}
)

func isRPC(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/rpc") }
