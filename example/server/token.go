package server

import (
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Token mints a bearer token for the user with the id, valid for ttl.
func Token(secret []byte, userID int, ttl time.Duration) (string, error) {
	now := time.Now()
	claims := jwt.RegisteredClaims{
		Subject:   strconv.Itoa(userID),
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(secret)
}
