package middleware

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	"github.com/entstack/entstack/resource"
)

// checkLimits refuses a request over the size limits before the API sees
// it, and reports whether it may go on:
//
//   - a query string over maxQuery bytes: 414 URI Too Long (maxQuery < 0:
//     the API bounds its query string itself);
//   - a body over maxBody bytes: 413 Content Too Large. A declared
//     Content-Length is checked up front; a body of unknown length
//     (chunked) is read here, up to the limit, so that the answer is the
//     same 413 whichever way the client sent it.
//
// Below the limit the body is wrapped in http.MaxBytesReader, a safety net
// for handlers that read bodies without a limit of their own.
//
// It is not inlined into the API handler: its locals would stay on the
// stack below the whole request (see recovered).
//
//go:noinline
func checkLimits(w http.ResponseWriter, r *http.Request, maxBody, maxQuery int64, api API) bool {
	refuse := func(kind resource.ErrorKind, code, format string, args ...any) bool {
		api.WriteError(w, r, &resource.Error{Kind: kind, Code: code, Title: resource.Title(code), Detail: fmt.Sprintf(format, args...)})
		return false
	}
	if n := int64(len(r.URL.RawQuery)); maxQuery >= 0 && n > maxQuery {
		return refuse(resource.URITooLong, resource.CodeLimit,
			"the query string is %d bytes long; the limit is %d bytes", n, maxQuery)
	}
	if r.ContentLength > maxBody {
		return refuse(resource.TooLarge, resource.CodeTooLarge,
			"the request body is %d bytes long; the limit is %d bytes", r.ContentLength, maxBody)
	}
	if r.Body == nil || r.Body == http.NoBody {
		return true
	}
	if r.ContentLength < 0 {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
		if err != nil {
			return refuse(resource.Invalid, resource.CodeInvalidDocument, "cannot read the request body: %v", err)
		}
		if int64(len(body)) > maxBody {
			return refuse(resource.TooLarge, resource.CodeTooLarge,
				"the request body is larger than the limit of %d bytes", maxBody)
		}
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		return true
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	return true
}
