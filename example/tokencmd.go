package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/entstack/entstack/example/token"
)

// mintToken is `example token`: it prints a bearer token of this server's
// scheme (example/token) for trying the API with curl or a frontend. It
// lives with the example rather than in cmd/entstack because the scheme is
// the example's: a project with its own authentication has no use for it,
// and the installer should not pull a JWT library into such a project.
func mintToken(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("example token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: example token -user ID [flags]\n\nMints a bearer token of the example server's scheme (HS256 JWT, sub = the user id).\n\nflags:\n")
		fs.PrintDefaults()
	}
	userID := fs.Int("user", 0, "id of the user the token signs in (required)")
	ttl := fs.Duration("ttl", 24*time.Hour, "validity of the token")
	secret := fs.String("secret", "", "HS256 secret (default: $AUTH_SECRET, else the example server's development secret)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *userID <= 0 {
		return fmt.Errorf("-user is required (a positive user id)")
	}
	key := *secret
	if key == "" {
		key = os.Getenv("AUTH_SECRET")
	}
	if key == "" {
		key = token.DevSecret
		fmt.Fprintln(stderr, "example token: AUTH_SECRET not set; signing with the example server's development secret")
	}
	s, err := token.Mint([]byte(key), *userID, *ttl)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(stdout, s)
	return err
}
