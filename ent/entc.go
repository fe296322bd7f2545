//go:build ignore

// entc.go runs Ent's code generator with the entstack extension; it is the
// program behind `go generate ./ent`.
package main

import (
	"log"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"github.com/entstack/entstack/entx"
)

func main() {
	if err := entc.Generate("./schema", &gen.Config{}, entc.Extensions(entx.NewExtension())); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
