package server

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/entstack/entstack/resource"
)

// Default limits of Config.
const (
	DefaultMaxBodyBytes  = 1 << 20 // DESIGN.md, Decisions: request body ≤ 1 MiB
	DefaultMaxQueryBytes = 8 << 10 // what common proxies (nginx) accept in a request line
)

// limits refuses requests over the size limits before any handler sees
// them, with a clear error in the flavour's format:
//
//   - a query string over maxQuery bytes: 414 URI Too Long. RPC calls are
//     the exception: a GET call's arguments are its query string (q), a
//     document like a body, so there the limit is maxBody and the answer 413;
//   - a body over maxBody bytes: 413 Content Too Large. A declared
//     Content-Length is checked up front; a body of unknown length
//     (chunked) is read here, up to the limit, so that the answer is the same
//     413 whichever handler would have read it.
//
// Below the limit the body is still wrapped in http.MaxBytesReader, a
// safety net for handlers that read bodies without a limit of their own.
func limits(maxBody, maxQuery int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		r := c.Request
		if n := int64(len(r.URL.RawQuery)); isRPC(r) && n > maxBody {
			abortWithError(c, http.StatusRequestEntityTooLarge, resource.CodeTooLarge,
				fmt.Sprintf("the query string (the call's arguments) is %d bytes long; the limit is %d bytes", n, maxBody))
			return
		} else if !isRPC(r) && n > maxQuery {
			abortWithError(c, http.StatusRequestURITooLong, resource.CodeLimit,
				fmt.Sprintf("the query string is %d bytes long; the limit is %d bytes", n, maxQuery))
			return
		}
		if r.ContentLength > maxBody {
			abortWithError(c, http.StatusRequestEntityTooLarge, resource.CodeTooLarge,
				fmt.Sprintf("the request body is %d bytes long; the limit is %d bytes", r.ContentLength, maxBody))
			return
		}
		if r.ContentLength < 0 && r.Body != nil && r.Body != http.NoBody {
			body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
			if err != nil {
				abortWithError(c, http.StatusBadRequest, resource.CodeInvalidDocument,
					"cannot read the request body: "+err.Error())
				return
			}
			if int64(len(body)) > maxBody {
				abortWithError(c, http.StatusRequestEntityTooLarge, resource.CodeTooLarge,
					fmt.Sprintf("the request body is larger than the limit of %d bytes", maxBody))
				return
			}
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			r.Body = http.MaxBytesReader(c.Writer, r.Body, maxBody)
		}
	}
}
