// Command entstack is the command-line tool for users of the library.
//
//	entstack token -user 1              # mint a development bearer token (AUTH_SECRET)
//	entstack token -user 1 -ttl 1h -secret s3cret
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/entstack/entstack/example/token"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	switch os.Args[1] {
	case "token":
		if err := mintToken(os.Args[2:]); err != nil {
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

// mintToken mints a token of the example server's scheme (example/token).
func mintToken(args []string) error {
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
		key = token.DevSecret
		fmt.Fprintln(os.Stderr, "entstack token: AUTH_SECRET not set; signing with the example server's development secret")
	}
	s, err := token.Mint([]byte(key), *userID, *ttl)
	if err != nil {
		return err
	}
	fmt.Println(s)
	return nil
}
