package main

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"
)

func TestMintToken(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, mintToken([]string{"-user", "7", "-secret", "s3cret", "-ttl", "1h"}, &out, io.Discard))
	var claims jwt.RegisteredClaims
	_, err := jwt.ParseWithClaims(strings.TrimSpace(out.String()), &claims, func(*jwt.Token) (any, error) { return []byte("s3cret"), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	require.NoError(t, err)
	require.Equal(t, "7", claims.Subject)

	t.Setenv("AUTH_SECRET", "from-env")
	out.Reset()
	require.NoError(t, mintToken([]string{"-user", "1"}, &out, io.Discard))
	_, err = jwt.Parse(strings.TrimSpace(out.String()), func(*jwt.Token) (any, error) { return []byte("from-env"), nil })
	require.NoError(t, err, "AUTH_SECRET signs the token when -secret is not given")
}

func TestMintTokenNeedsUser(t *testing.T) {
	require.ErrorContains(t, mintToken(nil, io.Discard, io.Discard), "-user is required")
}
