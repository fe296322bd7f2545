// Command entstack is the command-line tool for users of the library.
//
//	entstack init                       # add entstack to the Ent project of this module
//	entstack openapi -api rest -o api.json  # the OpenAPI document of the project's JSON:API
//	entstack token -user 1              # mint a development bearer token (AUTH_SECRET)
//	entstack token -user 1 -ttl 1h -secret s3cret
//
// Every command takes -h for its flags.
package main

import (
	"errors"
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
	commands := map[string]func([]string) error{"init": initCmd, "openapi": openapiCmd, "token": mintToken}
	switch cmd, ok := commands[os.Args[1]]; {
	case ok:
		if err := cmd(os.Args[2:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return
			}
			fmt.Fprintf(os.Stderr, "entstack %s: %v\n", os.Args[1], err)
			os.Exit(1)
		}
	case os.Args[1] == "-h" || os.Args[1] == "-help" || os.Args[1] == "--help" || os.Args[1] == "help":
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
  init      add entstack to the Ent project of this Go module
  openapi   write the OpenAPI 3.1 document of the project's JSON:API or RPC API
  token     mint a development bearer token (HS256 JWT, sub = user id)

entstack <command> -h shows a command's flags.
`)
}

// mintToken mints a token of the example server's scheme (example/token).
func mintToken(args []string) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "usage: entstack token -user ID [flags]\n\nMints a bearer token of the example server's scheme (HS256 JWT, sub = the user id).\n\nflags:\n")
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
		fmt.Fprintln(os.Stderr, "entstack token: AUTH_SECRET not set; signing with the example server's development secret")
	}
	s, err := token.Mint([]byte(key), *userID, *ttl)
	if err != nil {
		return err
	}
	fmt.Println(s)
	return nil
}
