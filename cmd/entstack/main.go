// Command entstack is the command-line tool for users of the library.
//
//	entstack token -user 1              # mint a development bearer token (AUTH_SECRET)
//	entstack token -user 1 -ttl 1h -secret s3cret
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	switch os.Args[1] {
	case "token":
		if err := token(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "entstack token:", err)
			os.Exit(1)
		}
	case "-h", "-help", "--help", "help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "entstack: unknown command %q\n", os.Args[1])
		usage()
		os.Exit(2)
	}
}

func usage() {
	fmt.Fprint(os.Stderr, `usage: entstack <command> [flags]

commands:
  token   mint a development bearer token (HS256 JWT, sub = user id)
`)
}

// DevSecret is the secret the example server uses when AUTH_SECRET is unset.
const DevSecret = "entstack-development-secret"

func token(args []string) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
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
		key = DevSecret
		fmt.Fprintln(os.Stderr, "entstack token: AUTH_SECRET not set; signing with the example server's development secret")
	}
	now := time.Now()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.RegisteredClaims{
		Subject:   strconv.Itoa(*userID),
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(*ttl)),
	}).SignedString([]byte(key))
	if err != nil {
		return err
	}
	fmt.Println(s)
	return nil
}
