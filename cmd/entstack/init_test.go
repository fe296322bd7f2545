package main

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// repoRoot is this repository's directory: the test projects replace the
// entstack module with it.
func repoRoot(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// entVersion is the Ent version this repository uses.
func entVersion(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}", "entgo.io/ent").Output()
	require.NoError(t, err)
	return strings.TrimSpace(string(out))
}

// newProject writes a Go module with the files given (path → content).
func newProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/blog\n\ngo 1.24\n\nrequire entgo.io/ent " + entVersion(t) +
		"\n\nreplace github.com/entstack/entstack => " + repoRoot(t) + "\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(content), 0o644))
	}
	return dir
}

// The files `ent new User` writes.
const entNewGenerate = "package ent\n\n//go:generate go run -mod=mod entgo.io/ent/cmd/ent generate ./schema\n"

const entNewUser = `package schema

import "entgo.io/ent"

// User holds the schema definition for the User entity.
type User struct {
	ent.Schema
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return nil
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return nil
}
`

func read(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

// localVersion makes go get take the replaced (local) module.
const localVersion = "v0.0.0-00010101000000-000000000000"

// In a project made like `ent new` does, init creates entc.go with the
// extension, points go generate at it, requires the module and prints the
// mount snippet; a second run changes nothing; the project then generates,
// builds, and entstack openapi describes its API.
func TestInitFreshProject(t *testing.T) {
	dir := newProject(t, map[string]string{"ent/generate.go": entNewGenerate, "ent/schema/user.go": entNewUser})
	out, err := capture(t, func() error { return initCmd([]string{"-dir", dir, "-version", localVersion}) })
	require.NoError(t, err, out)
	require.Contains(t, out, "Ent package: ent (example.com/blog/ent)")
	require.Contains(t, out, "restapi.New(reg")
	entc := read(t, filepath.Join(dir, "ent", "entc.go"))
	require.Contains(t, entc, "entc.Extensions(entx.NewExtension())")
	require.Contains(t, read(t, filepath.Join(dir, "ent", "generate.go")), "//go:generate go run -mod=mod entc.go")
	require.NotContains(t, read(t, filepath.Join(dir, "ent", "generate.go")), "cmd/ent generate")
	require.Contains(t, read(t, filepath.Join(dir, "go.mod")), "github.com/entstack/entstack "+localVersion)

	before := map[string]string{}
	for _, f := range []string{"ent/entc.go", "ent/generate.go", "go.mod"} {
		before[f] = read(t, filepath.Join(dir, f))
	}
	out, err = capture(t, func() error { return initCmd([]string{"-dir", filepath.Join(dir, "ent")}) })
	require.NoError(t, err, out)
	require.Contains(t, out, "already uses the entstack extension")
	for f, content := range before {
		require.Equal(t, content, read(t, filepath.Join(dir, f)), "%s changed on the second run", f)
	}

	if testing.Short() {
		t.Skip("-short: not generating the project")
	}
	gen := exec.Command("go", "generate", "./ent")
	gen.Dir = dir
	b, err := gen.CombinedOutput()
	require.NoError(t, err, "go generate:\n%s", b)
	for _, args := range [][]string{{"mod", "tidy"}, {"build", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		b, err = cmd.CombinedOutput()
		require.NoError(t, err, "go %s:\n%s", args[0], b)
	}
	require.FileExists(t, filepath.Join(dir, "ent", "entx_resources.go"))

	docPath := filepath.Join(t.TempDir(), "api.json")
	_, err = capture(t, func() error { return openapiCmd([]string{"-dir", dir, "-o", docPath}) })
	require.NoError(t, err)
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	require.NoError(t, json.Unmarshal([]byte(read(t, docPath)), &doc))
	require.Equal(t, "3.1.0", doc.OpenAPI)
	require.Contains(t, doc.Paths, "/user")
	rpcPath := filepath.Join(t.TempDir(), "rpc.json")
	_, err = capture(t, func() error { return openapiCmd([]string{"-dir", dir, "-api", "rpc", "-o", rpcPath}) })
	require.NoError(t, err)
	require.Contains(t, read(t, rpcPath), `"/user/findMany"`)
}

// A project's own entc.go is not touched without -force: init prints the
// change it would make and fails; with -force it makes it.
func TestInitCustomEntc(t *testing.T) {
	custom := `//go:build ignore

package main

import (
	"log"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

func main() {
	err := entc.Generate("./schema", &gen.Config{
		Features: []gen.Feature{gen.FeatureUpsert},
	})
	if err != nil {
		log.Fatal(err)
	}
}
`
	dir := newProject(t, map[string]string{
		"ent/generate.go":    "package ent\n\n//go:generate go run -mod=mod entc.go\n",
		"ent/entc.go":        custom,
		"ent/schema/user.go": entNewUser,
	})
	out, err := capture(t, func() error { return initCmd([]string{"-dir", dir, "-version", localVersion}) })
	require.ErrorContains(t, err, "-force")
	require.Contains(t, out, `+ 	"github.com/entstack/entstack/entx"`)
	require.Contains(t, out, "entx.NewExtension()")
	require.Equal(t, custom, read(t, filepath.Join(dir, "ent", "entc.go")), "changed without -force")

	out, err = capture(t, func() error { return initCmd([]string{"-dir", dir, "-force", "-version", localVersion}) })
	require.NoError(t, err, out)
	entc := read(t, filepath.Join(dir, "ent", "entc.go"))
	require.Contains(t, entc, `entc.Extensions(entx.NewExtension()))`)
	require.Contains(t, entc, "gen.FeatureUpsert", "the project's own settings stay")
	require.Contains(t, read(t, filepath.Join(dir, "ent", "generate.go")), "entc.go")
	require.Contains(t, read(t, filepath.Join(dir, "go.mod")), "github.com/entstack/entstack")
}

// Every command has -h.
func TestHelp(t *testing.T) {
	for name, cmd := range map[string]func([]string) error{"init": initCmd, "openapi": openapiCmd} {
		require.ErrorIs(t, cmd([]string{"-h"}), flag.ErrHelp, name)
	}
}

// Without an Ent package, init says how to make one.
func TestInitNoEntPackage(t *testing.T) {
	dir := newProject(t, map[string]string{"main.go": "package main\n\nfunc main() {}\n"})
	_, err := capture(t, func() error { return initCmd([]string{"-dir", dir}) })
	require.ErrorContains(t, err, "no Ent package")
}
