package server

import (
	"time"

	"github.com/entstack/entstack/example/token"
)

// Token mints a bearer token for the user with the id, valid for ttl
// (token.Mint, for the tests that run this server).
func Token(secret []byte, userID int, ttl time.Duration) (string, error) {
	return token.Mint(secret, userID, ttl)
}
