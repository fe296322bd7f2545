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
	opts := []entc.Option{
		// The extension also writes the example's TypeScript schema for
		// ZenStack's client libraries.
		entc.Extensions(entx.NewExtension(entx.TypeScriptSchema("../example/client/schema.ts"))),
	}
	if err := entc.Generate("./schema", &gen.Config{}, opts...); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
