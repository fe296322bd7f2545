package server

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/middleware"
	"github.com/entstack/entstack/resource"
)

// authenticate resolves the bearer token of a request to its user, per the
// reference scheme: HS256 JWT whose sub claim is the user's id. No header
// means anonymous; a bad token is a 401 (answered by unauthorized, in the
// format of the API it guards), never a silent anonymous request.
//
// It puts only the id on the context (ent.WithViewerID): rules that need
// nothing more (auth() == author) cost no query, and the first rule that
// reads more of auth() (auth().role) loads the user, under bypass, once per
// request, so its role is always current.
func authenticate(secret []byte, unauthorized func(http.ResponseWriter, error)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if h := r.Header.Get("Authorization"); h != "" {
				if r = signedIn(w, r, secret, h, unauthorized); r == nil {
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// signedIn returns r with the viewer its Authorization header h names, or
// nil when it answered a 401. It is a function of its own, kept out of the
// handler above, so that the handler's stack frame stays small: the whole
// request runs below it, and a request whose stack outgrows the goroutine's
// is copied to a larger one (measured: 3 % of a get-one's CPU).
//
//go:noinline
func signedIn(w http.ResponseWriter, r *http.Request, secret []byte, h string, unauthorized func(http.ResponseWriter, error)) *http.Request {
	id, err := userID(secret, h)
	if err != nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="entstack"`)
		unauthorized(w, err)
		return nil
	}
	middleware.AddLogAttrs(r.Context(), slog.Int("user_id", id))
	return r.WithContext(ent.WithViewerID(r.Context(), id))
}

// userID verifies the token of an Authorization header and returns the id
// its sub claim names.
func userID(secret []byte, header string) (int, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || raw == "" {
		return 0, errors.New(`the Authorization header must be "Bearer <token>"`)
	}
	// MapClaims, not RegisteredClaims: the latter's NumericDate also takes a
	// date written as a string ("exp":"1700000000"), which RFC 7519 does not.
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired(), jwt.WithIssuedAt())
	if err != nil {
		return 0, fmt.Errorf("invalid token: %w", err)
	}
	sub, err := claims.GetSubject()
	if err != nil {
		return 0, fmt.Errorf("invalid token: %w", err)
	}
	// Only the canonical decimal spelling names a user: "+2", "02" or " 2"
	// would be the same user under another token string.
	id, err := strconv.Atoi(sub)
	if err != nil || strconv.Itoa(id) != sub {
		return 0, fmt.Errorf("invalid token: sub %q is not a user id", sub)
	}
	return id, nil
}

// restUnauthorized and rpcUnauthorized answer a 401 in each API's format.
func restUnauthorized(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "application/vnd.api+json")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w, `{"errors":[{"status":"401","code":"unauthorized","title":"Unauthorized","detail":`+
		string(resource.AppendString(nil, err.Error()))+`}]}`)
}

func rpcUnauthorized(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = io.WriteString(w, `{"error":{"message":`+string(resource.AppendString(nil, err.Error()))+`,"reason":"unauthorized"}}`)
}
