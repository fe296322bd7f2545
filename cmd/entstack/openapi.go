package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// openapiCmd writes the OpenAPI document of a project's API. The document
// comes from the registry the generated code builds, so the command
// compiles a small program inside the module that imports the Ent package
// and prints restapi's or rpcapi's OpenAPI(), runs it, and removes it.
func openapiCmd(args []string) error {
	fs := flag.NewFlagSet("openapi", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: entstack openapi [flags]

Writes the OpenAPI 3.1 document of the project's JSON:API (-api rest) or RPC
API (-api rpc), as the handlers serve it at <mount>/openapi.json. Run it in
the Go module of an Ent project whose entc.go uses the entstack extension
(after go generate).

flags:
`)
		fs.PrintDefaults()
	}
	dir := fs.String("dir", ".", "a directory of the Go module")
	entDir := fs.String("ent", "", "the Ent package's directory (default: found in the module)")
	api := fs.String("api", "rest", "the API: rest or rpc")
	endpoint := fs.String("endpoint", "http://localhost:8080/api/rest", "the JSON:API's public base URL (-api rest), its server in the document")
	server := fs.String("server", "/api/rpc", "the RPC API's base URL (-api rpc), its server in the document")
	out := fs.String("o", "", "write the document to this file (default: standard output)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *api != "rest" && *api != "rpc" {
		return fmt.Errorf("-api is rest or rpc, not %q", *api)
	}
	p, err := findProject(*dir, *entDir)
	if err != nil {
		return err
	}
	doc, err := p.openapi(*api, *endpoint, *server)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err = os.Stdout.Write(doc)
		return err
	}
	return os.WriteFile(*out, doc, 0o644)
}

// openapiProgram prints the document of one API over the registry of the
// Ent package (a client is not needed: the document is metadata only).
const openapiProgram = `// Temporary program of entstack openapi; safe to delete.
package main

import (
	"encoding/json"
	"os"

	"github.com/entstack/entstack/openapi"
	"github.com/entstack/entstack/restapi"
	"github.com/entstack/entstack/rpcapi"

	ent %s
)

func main() {
	reg := ent.Resources(nil)
	var doc *openapi.Document
	if %s == "rest" {
		h, err := restapi.New(reg, restapi.Options{Endpoint: %s})
		if err != nil {
			panic(err)
		}
		doc = h.OpenAPI()
	} else {
		h, err := rpcapi.New(reg, rpcapi.Options{})
		if err != nil {
			panic(err)
		}
		doc = h.OpenAPI()
		doc.Servers = []openapi.Server{{URL: %s}}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		panic(err)
	}
}
`

// openapi builds and runs the program in a temporary directory of the
// module (it must be inside to import the Ent package).
func (p *project) openapi(api, endpoint, server string) ([]byte, error) {
	tmp, err := os.MkdirTemp(p.root, ".entstack-openapi-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	src := fmt.Sprintf(openapiProgram, strconv.Quote(p.entImport()), strconv.Quote(api), strconv.Quote(endpoint), strconv.Quote(server))
	if err := os.WriteFile(filepath.Join(tmp, "main.go"), []byte(src), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command("go", "run", "-mod=mod", "./"+filepath.Base(tmp))
	cmd.Dir = p.root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("building the document over %s: %v\n%s(is the package generated with the entstack extension? run go generate)", p.entImport(), err, stderr.String())
	}
	return stdout.Bytes(), nil
}
