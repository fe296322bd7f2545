// Command entstack is the command-line tool for users of the library.
//
//	entstack init                       # add entstack to the Ent project of this module
//	entstack openapi -api rest -o api.json  # the OpenAPI document of the project's JSON:API
//
// Every command takes -h for its flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(2)
	}
	commands := map[string]func([]string) error{"init": initCmd, "openapi": openapiCmd}
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

entstack <command> -h shows a command's flags.
`)
}
