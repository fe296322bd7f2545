package server

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/golang-jwt/jwt/v5"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/resource"
)

// authenticate resolves the bearer token of a request to its user, per the
// reference scheme: HS256 JWT whose sub claim is the user's id. No header
// means anonymous; a bad token is a 401, never a silent anonymous request.
//
// The middleware puts only the id on the context (ent.WithViewerID): rules
// that need nothing more (auth() == author) cost no query, and the first
// rule that reads more of auth() (auth().role) loads the user, under
// bypass, once per request, so its role is always current.
func authenticate(secret []byte) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		if h == "" {
			c.Next()
			return
		}
		id, err := userID(secret, h)
		if err != nil {
			unauthorized(c, err)
			return
		}
		noteUser(c.Request.Context(), id)
		c.Request = c.Request.WithContext(ent.WithViewerID(c.Request.Context(), id))
		c.Next()
	}
}

// userID verifies the token of an Authorization header and returns the id
// its sub claim names.
func userID(secret []byte, header string) (int, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || raw == "" {
		return 0, errors.New(`the Authorization header must be "Bearer <token>"`)
	}
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return 0, fmt.Errorf("invalid token: %w", err)
	}
	id, err := strconv.Atoi(claims.Subject)
	if err != nil {
		return 0, fmt.Errorf("invalid token: sub %q is not a user id", claims.Subject)
	}
	return id, nil
}

func unauthorized(c *gin.Context, err error) {
	c.Header("WWW-Authenticate", `Bearer realm="entstack"`)
	msg := string(resource.AppendString(nil, err.Error()))
	body := `{"errors":[{"status":"401","code":"unauthorized","title":"Unauthorized","detail":` + msg + `}]}`
	if strings.HasPrefix(c.Request.URL.Path, "/api/rpc") {
		body = `{"error":{"message":` + msg + `,"reason":"unauthorized"}}`
		c.Data(http.StatusUnauthorized, "application/json", []byte(body))
	} else {
		c.Data(http.StatusUnauthorized, "application/vnd.api+json", []byte(body))
	}
	c.Abort()
}
