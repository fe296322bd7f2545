package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/require"
)

// capture runs fn with stdout redirected and returns what it printed.
func capture(t *testing.T, fn func() error) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	old := os.Stdout
	os.Stdout = w
	err = fn()
	w.Close()
	os.Stdout = old
	var buf bytes.Buffer
	_, _ = io.Copy(&buf, r)
	return strings.TrimSpace(buf.String()), err
}

func TestToken(t *testing.T) {
	out, err := capture(t, func() error { return mintToken([]string{"-user", "7", "-secret", "s3cret", "-ttl", "1h"}) })
	require.NoError(t, err)
	var claims jwt.RegisteredClaims
	_, err = jwt.ParseWithClaims(out, &claims, func(*jwt.Token) (any, error) { return []byte("s3cret"), nil },
		jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired())
	require.NoError(t, err)
	require.Equal(t, "7", claims.Subject)

	t.Setenv("AUTH_SECRET", "from-env")
	out, err = capture(t, func() error { return mintToken([]string{"-user", "1"}) })
	require.NoError(t, err)
	_, err = jwt.Parse(out, func(*jwt.Token) (any, error) { return []byte("from-env"), nil })
	require.NoError(t, err, "AUTH_SECRET signs the token when -secret is not given")
}

func TestTokenNeedsUser(t *testing.T) {
	_, err := capture(t, func() error { return mintToken(nil) })
	require.ErrorContains(t, err, "-user is required")
}
