package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/gin-gonic/gin"
)

// RequestIDHeader carries the id of a request, in and out.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLen bounds an incoming id, so that a client cannot make every
// log line of its requests arbitrarily long.
const maxRequestIDLen = 128

// requestInfo is what the middleware learns about a request while it runs,
// shared through the request context so that the access log sees what later
// handlers found out (the signed-in user).
type requestInfo struct {
	id     string
	userID int // 0: anonymous
}

type requestInfoKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	if ri := infoOf(ctx); ri != nil {
		return ri.id
	}
	return ""
}

func infoOf(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return ri
}

// noteUser records the signed-in user of the request for the access log.
func noteUser(ctx context.Context, id int) {
	if ri := infoOf(ctx); ri != nil {
		ri.userID = id
	}
}

// requestID gives every request an id: the caller's X-Request-Id when it is
// sane (a proxy or client correlating its own logs), a fresh random one
// otherwise. The id is echoed in the response and put on the context.
func requestID() gin.HandlerFunc {
	return func(c *gin.Context) {
		id := c.GetHeader(RequestIDHeader)
		if !saneRequestID(id) {
			id = newRequestID()
		}
		ri := &requestInfo{id: id}
		c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestInfoKey{}, ri))
		c.Header(RequestIDHeader, id)
		c.Next()
	}
}

// saneRequestID accepts ids made of the characters request ids are made of
// in practice (UUIDs, ULIDs, hex, trace ids with dots, dashes, colons…), so
// that one cannot inject log syntax, control characters or HTML.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case b == '-' || b == '_' || b == '.' || b == ':' || b == '+' || b == '/' || b == '=':
		default:
			return false
		}
	}
	return true
}

// newRequestID returns 16 random bytes in hex, as unique as a UUID.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go ≥ 1.24)
	return hex.EncodeToString(b[:])
}
