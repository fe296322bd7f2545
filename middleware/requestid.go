package middleware

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"log/slog"
	"math/rand/v2"
	"net/http"
)

// RequestIDHeader carries the id of a request, in and out.
const RequestIDHeader = "X-Request-Id"

// maxRequestIDLen bounds an incoming id, so that a client cannot make every
// log line of its requests arbitrarily long.
const maxRequestIDLen = 128

// requestInfo is what the layers learn about a request while it runs,
// shared through the request context so that the access log, which writes
// its line last, sees what the inner layers and the application found out.
type requestInfo struct {
	id       string
	attrs    []slog.Attr // AddLogAttrs
	quiet    bool        // a health check: logged at debug level
	deadline bool        // the API's deadline passed
}

type requestInfoKey struct{}

func infoOf(ctx context.Context) *requestInfo {
	ri, _ := ctx.Value(requestInfoKey{}).(*requestInfo)
	return ri
}

// RequestID returns the id of the request ctx belongs to, or "" outside a
// Stack's Handler.
func RequestID(ctx context.Context) string {
	if ri := infoOf(ctx); ri != nil {
		return ri.id
	}
	return ""
}

// AddLogAttrs adds attributes to the access-log line of the request ctx
// belongs to, such as the signed-in user an authentication middleware
// found:
//
//	middleware.AddLogAttrs(ctx, slog.Int("user_id", u.ID))
//
// Outside a Stack's Handler it does nothing.
func AddLogAttrs(ctx context.Context, attrs ...slog.Attr) {
	if ri := infoOf(ctx); ri != nil {
		ri.attrs = append(ri.attrs, attrs...)
	}
}

// incomingRequestID is the caller's X-Request-Id when it is sane (a proxy or
// client correlating its own logs), else a fresh random one.
func incomingRequestID(r *http.Request) string {
	if id := r.Header.Get(RequestIDHeader); saneRequestID(id) {
		return id
	}
	return newRequestID()
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

// newRequestID returns 16 random bytes in hex, as unique as a UUID. They
// come from math/rand/v2's global generator (ChaCha8 per thread, seeded by
// the runtime from the system's entropy), which is as unique and costs a
// fraction of crypto/rand's system call (measured: 1 % of a get-one's
// CPU): a request id is a label, not a secret.
func newRequestID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	return hex.EncodeToString(b[:])
}
