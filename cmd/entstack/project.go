package main

import (
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/modfile"
)

// project is a Go module with an Ent package.
type project struct {
	root    string        // the module's directory
	modPath string        // its module path
	mod     *modfile.File // its go.mod
	entDir  string        // the Ent package's directory (holds schema/)
}

// entstackModule is the module users require.
const entstackModule = "github.com/entstack/entstack"

// findProject reads the module around dir and finds its Ent package: the
// directory given (entDir, relative to dir), or the one whose schema/
// subdirectory declares Ent schemas.
func findProject(dir, entDir string) (*project, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	p := &project{}
	for d := abs; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p.root = d
			break
		}
		if filepath.Dir(d) == d {
			return nil, fmt.Errorf("no go.mod in %s or above: run entstack in a Go module", abs)
		}
	}
	data, err := os.ReadFile(filepath.Join(p.root, "go.mod"))
	if err != nil {
		return nil, err
	}
	if p.mod, err = modfile.Parse("go.mod", data, nil); err != nil {
		return nil, err
	}
	if p.mod.Module == nil {
		return nil, errors.New("go.mod has no module line")
	}
	p.modPath = p.mod.Module.Mod.Path
	if entDir != "" {
		p.entDir, err = filepath.Abs(filepath.Join(dir, entDir))
		if err != nil {
			return nil, err
		}
		if !declaresSchemas(filepath.Join(p.entDir, "schema")) {
			return nil, fmt.Errorf("%s has no schema/ directory with Ent schemas", p.entDir)
		}
		return p, nil
	}
	var found []string
	err = filepath.WalkDir(p.root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		name := d.Name()
		if path != p.root && (strings.HasPrefix(name, ".") || name == "vendor" || name == "node_modules" || name == "testdata") {
			return filepath.SkipDir
		}
		if name == "schema" && declaresSchemas(path) {
			found = append(found, filepath.Dir(path))
			return filepath.SkipDir
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("no Ent package in %s (a directory with a schema/ subdirectory of Ent schemas); create one with `go run -mod=mod entgo.io/ent/cmd/ent new User`, or name it with -ent", p.root)
	case 1:
		p.entDir = found[0]
		return p, nil
	}
	for i := range found {
		found[i], _ = filepath.Rel(p.root, found[i])
	}
	return nil, fmt.Errorf("several Ent packages (%s): name one with -ent", strings.Join(found, ", "))
}

// declaresSchemas reports whether dir has a Go file importing entgo.io/ent.
func declaresSchemas(dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			continue
		}
		for _, imp := range af.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "entgo.io/ent" {
				return true
			}
		}
	}
	return false
}

// entImport is the import path of the Ent package.
func (p *project) entImport() string {
	rel, _ := filepath.Rel(p.root, p.entDir)
	if rel == "." {
		return p.modPath
	}
	return p.modPath + "/" + filepath.ToSlash(rel)
}

// rel is path relative to the module's directory, for messages.
func (p *project) rel(path string) string {
	if r, err := filepath.Rel(p.root, path); err == nil {
		return r
	}
	return path
}

// requires reports whether go.mod requires the module.
func (p *project) requires(module string) bool {
	for _, r := range p.mod.Require {
		if r.Mod.Path == module {
			return true
		}
	}
	return false
}
