package token_test

import (
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/entstack/entstack/example/token"
)

func TestMint(t *testing.T) {
	s, err := token.Mint([]byte("k"), 42, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var claims jwt.RegisteredClaims
	tok, err := jwt.ParseWithClaims(s, &claims, func(*jwt.Token) (any, error) { return []byte("k"), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	if err != nil || !tok.Valid {
		t.Fatal(err)
	}
	if claims.Subject != "42" || claims.ExpiresAt.Sub(claims.IssuedAt.Time) != time.Hour {
		t.Fatalf("claims %+v", claims)
	}
	if _, err := jwt.Parse(s, func(*jwt.Token) (any, error) { return []byte("other"), nil }); err == nil {
		t.Fatal("a token verifies with another secret")
	}
}
