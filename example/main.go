// Command example is the runnable blog API server.
//
// PLACEHOLDER: the server's real main.go is written on another branch and
// replaces this file whole. Until then it only opens the -db database and
// creates the schema, so that the package builds and the database layer can
// be tried by hand: go run ./example -db postgres://…
package main

import (
	"context"
	"flag"
	"log"

	"github.com/entstack/entstack/ent"
)

func main() {
	dsn := flag.String("db", "blog.db", "SQLite file, file:… DSN, postgres://… or mysql://… URL")
	flag.Parse()
	ctx := context.Background()
	drv, err := openDatabase(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	client := ent.NewClient(ent.Driver(drv))
	defer client.Close()
	if err := client.Schema.Create(ctx); err != nil {
		log.Fatalf("creating schema: %v", err)
	}
	log.Printf("schema ready on %s", drv.Dialect())
}
