package server

import (
	"context"
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
// The user is loaded on every request, so its role is always current.
func authenticate(client *ent.Client, secret []byte) gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.GetHeader("Authorization")
		if h == "" {
			c.Next()
			return
		}
		u, err := userOf(c.Request.Context(), client, secret, h)
		if err != nil {
			unauthorized(c, err)
			return
		}
		noteUser(c.Request.Context(), u.ID)
		c.Request = c.Request.WithContext(withViewer(c.Request.Context(), u))
		c.Next()
	}
}

func userOf(ctx context.Context, client *ent.Client, secret []byte, header string) (*ent.User, error) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if !ok || raw == "" {
		return nil, errors.New(`the Authorization header must be "Bearer <token>"`)
	}
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return secret, nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil {
		return nil, fmt.Errorf("invalid token: %w", err)
	}
	id, err := strconv.Atoi(claims.Subject)
	if err != nil {
		return nil, fmt.Errorf("invalid token: sub %q is not a user id", claims.Subject)
	}
	u, err := client.User.Get(asSystem(ctx), id)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("invalid token: user %d does not exist", id)
	}
	return u, err
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
