// Package token mints the bearer tokens of the example server's
// authentication scheme: HS256 JWTs whose sub claim is the user's id. The
// server (example/server) verifies them; `go run ./example token` mints them for
// development.
package token

import (
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// DevSecret signs tokens when AUTH_SECRET is unset, so that the example
// runs with no setup. It is public: never serve real data with it.
const DevSecret = "entstack-development-secret"

// Mint returns a token that signs in the user with the id for ttl, signed
// with secret.
func Mint(secret []byte, userID int, ttl time.Duration) (string, error) {
	now := time.Now()
	claims := jwt.RegisteredClaims{
		Subject:   strconv.Itoa(userID),
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
}
