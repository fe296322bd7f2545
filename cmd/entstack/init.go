package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
)

// initCmd adds entstack to an existing Ent project: the extension in
// entc.go (created, or edited with -force when it is the project's own),
// go generate running entc.go, the module requirement, and the snippet
// that mounts the handlers. Running it again changes nothing.
func initCmd(args []string) error {
	fs := flag.NewFlagSet("init", flag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), `usage: entstack init [flags]

Adds entstack to the Ent project of the current Go module:
  - entc.go in the Ent package runs Ent's generator with the entstack extension
    (created when missing; a custom entc.go is edited only with -force, and
    without it the command prints the change it would make),
  - generate.go runs entc.go (instead of the ent command),
  - go.mod requires `+entstackModule+`,
and prints how to mount the APIs. Running it again changes nothing.
Then: go generate ./<ent package> && go mod tidy.

flags:
`)
		fs.PrintDefaults()
	}
	dir := fs.String("dir", ".", "a directory of the Go module")
	entDir := fs.String("ent", "", "the Ent package's directory (default: found in the module)")
	force := fs.Bool("force", false, "edit a custom entc.go to add the extension")
	version := fs.String("version", "", "the "+entstackModule+" version to require (default: this command's, else latest)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, err := findProject(*dir, *entDir)
	if err != nil {
		return err
	}
	fmt.Printf("Ent package: %s (%s)\n", p.rel(p.entDir), p.entImport())
	if err := p.setupEntc(*force); err != nil {
		return err
	}
	if err := p.setupGenerate(); err != nil {
		return err
	}
	if err := p.require(*version); err != nil {
		return err
	}
	fmt.Printf(`
Next: go generate ./%s && go mod tidy, then mount the APIs (net/http; restapi and rpcapi are
http.Handlers, ginadapter.Mount puts them on a gin router):

	reg := client.Resources()
	rest, err := restapi.New(reg, restapi.Options{Endpoint: "https://host/api/rest"})
	rpc, err := rpcapi.New(reg, rpcapi.Options{})
	mux.Handle("/api/rest/", http.StripPrefix("/api/rest", auth(rest)))   // auth: ent.WithViewerID(ctx, id) from your token
	mux.Handle("/api/rpc/", http.StripPrefix("/api/rpc", auth(rpc)))

Each serves its OpenAPI document at openapi.json; apidocs.Handler serves a
reference page over them.
`, filepath.ToSlash(p.rel(p.entDir)))
	return nil
}

// entcTemplate is the entc.go init creates.
const entcTemplate = `//go:build ignore

// entc.go runs Ent's code generator with the entstack extension (go generate).
package main

import (
	"log"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"github.com/entstack/entstack/entx"
)

func main() {
	opts := []entc.Option{
		entc.FeatureNames("sql/modifier"),
		entc.Extensions(entx.NewExtension()),
	}
	if err := entc.Generate("./schema", &gen.Config{}, opts...); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
`

// extensionArgs are what init adds to a custom entc.Generate call.
const extensionArgs = `entc.FeatureNames("sql/modifier"), entc.Extensions(entx.NewExtension())`

const entxImport = `"github.com/entstack/entstack/entx"`

// setupEntc creates entc.go, or adds the extension to the project's own.
func (p *project) setupEntc(force bool) error {
	path := filepath.Join(p.entDir, "entc.go")
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Printf("create %s: Ent's generator with the entstack extension\n", p.rel(path))
		return os.WriteFile(path, []byte(entcTemplate), 0o644)
	}
	if err != nil {
		return err
	}
	if bytes.Contains(src, []byte("entx.NewExtension(")) {
		fmt.Printf("%s already uses the entstack extension\n", p.rel(path))
		return nil
	}
	edited, err := addExtension(src)
	if err != nil {
		return fmt.Errorf("%s: %w; add the extension by hand: import %s and pass %s to entc.Generate", p.rel(path), err, entxImport, extensionArgs)
	}
	if !force {
		fmt.Printf("%s is the project's own: init would change it to\n\n%s\n", p.rel(path), diffLines(string(src), string(edited)))
		return fmt.Errorf("%s not changed: run entstack init -force to apply the change above, or make it by hand", p.rel(path))
	}
	fmt.Printf("edit %s: add the entstack extension\n%s\n", p.rel(path), diffLines(string(src), string(edited)))
	return os.WriteFile(path, edited, 0o644)
}

// addExtension imports entx and passes the extension to the file's
// entc.Generate call.
func addExtension(src []byte) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "entc.go", src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var call *ast.CallExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Generate" {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "entc" {
					call = c
				}
			}
		}
		return call == nil
	})
	if call == nil {
		return nil, errors.New("no entc.Generate call")
	}
	// Insert before the closing parenthesis; a variadic opts... argument
	// becomes append(opts, …)....
	var b bytes.Buffer
	end := fset.Position(call.Rparen).Offset
	if call.Ellipsis.IsValid() {
		last := call.Args[len(call.Args)-1]
		start, stop := fset.Position(last.Pos()).Offset, fset.Position(last.End()).Offset
		b.Write(src[:start])
		fmt.Fprintf(&b, "append(%s, %s)", src[start:stop], extensionArgs)
		b.Write(src[stop:])
	} else {
		args := ", " + extensionArgs
		if len(call.Args) > 0 && bytes.HasSuffix(bytes.TrimSpace(src[:end]), []byte(",")) {
			args = extensionArgs + ",\n"
		}
		b.Write(src[:end])
		b.WriteString(args)
		b.Write(src[end:])
	}
	out := b.String()
	// The import: into the first import block (or after the single import).
	if i := strings.Index(out, "import ("); i >= 0 {
		j := i + len("import (")
		out = out[:j] + "\n\t" + entxImport + "\n" + out[j:]
	} else if m := regexp.MustCompile(`(?m)^import "[^"]+"\n`).FindStringIndex(out); m != nil {
		out = out[:m[1]] + "import " + entxImport + "\n" + out[m[1]:]
	} else {
		return nil, errors.New("no import declaration")
	}
	return format.Source([]byte(out))
}

// diffLines shows the lines of b that a does not have, marked with +.
func diffLines(a, b string) string {
	have := map[string]int{}
	for _, l := range strings.Split(a, "\n") {
		have[strings.TrimSpace(l)]++
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if have[strings.TrimSpace(l)] > 0 {
			have[strings.TrimSpace(l)]--
			out = append(out, "  "+l)
			continue
		}
		out = append(out, "+ "+l)
	}
	return strings.Join(out, "\n")
}

var entGenerate = regexp.MustCompile(`(?m)^//go:generate go run (-mod=mod )?entgo\.io/ent/cmd/ent generate.*$`)

// setupGenerate makes go generate run entc.go.
func (p *project) setupGenerate() error {
	path := filepath.Join(p.entDir, "generate.go")
	const directive = "//go:generate go run -mod=mod entc.go"
	src, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		fmt.Printf("create %s: go generate runs entc.go\n", p.rel(path))
		pkg := filepath.Base(p.entDir)
		return os.WriteFile(path, []byte("package "+pkg+"\n\n"+directive+"\n"), 0o644)
	}
	if err != nil {
		return err
	}
	switch {
	case bytes.Contains(src, []byte("entc.go")):
		fmt.Printf("%s already runs entc.go\n", p.rel(path))
		return nil
	case entGenerate.Match(src):
		fmt.Printf("edit %s: go generate runs entc.go instead of the ent command\n", p.rel(path))
		return os.WriteFile(path, entGenerate.ReplaceAll(src, []byte(directive)), 0o644)
	}
	fmt.Printf("add to %s: %s\n", p.rel(path), directive)
	return os.WriteFile(path, append(bytes.TrimRight(src, "\n"), []byte("\n\n"+directive+"\n")...), 0o644)
}

// require adds the entstack module to go.mod (go get).
func (p *project) require(version string) error {
	if p.requires(entstackModule) {
		fmt.Printf("go.mod already requires %s\n", entstackModule)
		return nil
	}
	if version == "" {
		version = "latest"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == entstackModule && strings.HasPrefix(bi.Main.Version, "v") {
			version = bi.Main.Version
		}
	}
	fmt.Printf("go get %s@%s\n", entstackModule, version)
	cmd := exec.Command("go", "get", entstackModule+"@"+version)
	cmd.Dir = p.root
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go get %s@%s: %v\n%s", entstackModule, version, err, out)
	}
	return nil
}
