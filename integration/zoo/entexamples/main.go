// Command entexamples runs entstack over the example and integration
// schemas of an Ent checkout, as a user bringing them would: in a copy of
// the checkout at the Ent version entstack uses, each schema's generator
// (its entc.go, or the `ent generate` command of its go:generate line, with
// the same features, templates and options) runs with the entstack
// extension added, the generated package is built, and the probe serves it
// and exercises every model over HTTP.
//
//	go run ./integration/zoo/entexamples -ent ~/src/ent [-ref v0.14.5] [-db postgres://…] [-run examples/o2m] [-keep]
//
// It prints one line per schema (generate, build, probe) and a summary,
// and exits 1 when a schema that Ent generates fails with entstack.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/entstack/entstack/integration/zoo"
)

func main() {
	entDir := flag.String("ent", "", "an Ent checkout (git repository or plain directory)")
	ref := flag.String("ref", "v0.14.5", "the Ent version to take from a git checkout")
	db := flag.String("db", "", "probe on this database too (postgres://… or mysql://…), besides SQLite")
	run := flag.String("run", "", "only schemas whose directory matches this regular expression")
	keep := flag.Bool("keep", false, "keep the work directory")
	verbose := flag.Bool("v", false, "print every command and its output")
	flag.Parse()
	if *entDir == "" {
		fmt.Fprintln(os.Stderr, "usage: entexamples -ent PATH [-ref v0.14.5] [-db DSN] [-run REGEXP] [-keep] [-v]")
		os.Exit(2)
	}
	filter := regexp.MustCompile(*run)
	work, err := os.MkdirTemp("", "entexamples")
	check(err)
	if *keep {
		fmt.Println("work directory:", work)
	} else {
		defer os.RemoveAll(work)
	}
	check(extract(*entDir, *ref, work))
	var log io.Writer
	if *verbose {
		log = os.Stdout
	}
	var results []*result
	for _, modDir := range []string{"examples", "entc/integration"} {
		mod, err := zoo.RequireEntstack(filepath.Join(work, modDir))
		check(err)
		mod.Log = log
		modPath, err := mod.Run("", "go", "list", "-m")
		check(err)
		gens, err := findGenerators(mod.Dir)
		check(err)
		for _, g := range gens {
			name := filepath.ToSlash(filepath.Join(modDir, g.dir))
			if !filter.MatchString(name) {
				continue
			}
			r := &result{name: name}
			results = append(results, r)
			r.exercise(mod, strings.TrimSpace(modPath), g, *db)
			fmt.Println(r)
		}
	}
	failed := summarize(results)
	if failed {
		os.Exit(1)
	}
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "entexamples:", err)
		os.Exit(2)
	}
}

// extract copies the Ent sources at ref (or the directory as it is) to dst.
func extract(src, ref, dst string) error {
	if exec.Command("git", "-C", src, "rev-parse", "--git-dir").Run() == nil {
		archive := exec.Command("git", "-C", src, "archive", ref)
		untar := exec.Command("tar", "-x", "-C", dst)
		pipe, err := archive.StdoutPipe()
		if err != nil {
			return err
		}
		untar.Stdin = pipe
		if err := untar.Start(); err != nil {
			return err
		}
		if err := archive.Run(); err != nil {
			return fmt.Errorf("git archive %s: %w", ref, err)
		}
		return untar.Wait()
	}
	return exec.Command("cp", "-a", src+"/.", dst).Run()
}

// generator is how a schema is generated: the directory of its
// generate.go, and either its entc.go or the arguments of `ent generate`.
type generator struct {
	dir  string   // relative to the module
	entc bool     // go run entc.go
	args []string // ent generate arguments
}

var generateLine = regexp.MustCompile(`^//go:generate go run (?:-mod=mod )?(.*)$`)

// findGenerators lists the go:generate lines that run Ent's generator.
func findGenerators(modDir string) ([]generator, error) {
	var out []generator
	err := filepath.WalkDir(modDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() != "generate.go" {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		rel, _ := filepath.Rel(modDir, filepath.Dir(path))
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			m := generateLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			switch args := splitArgs(m[1]); {
			case len(args) > 0 && args[0] == "entc.go":
				out = append(out, generator{dir: rel, entc: true})
			case len(args) > 1 && args[0] == "entgo.io/ent/cmd/ent" && args[1] == "generate":
				out = append(out, generator{dir: rel, args: args[2:]})
			}
		}
		return sc.Err()
	})
	sort.Slice(out, func(i, j int) bool { return out[i].dir < out[j].dir })
	return out, err
}

// splitArgs splits a go:generate line as go generate does: on spaces,
// with double-quoted strings (Go syntax) as one argument.
func splitArgs(s string) []string {
	var out []string
	for s = strings.TrimSpace(s); s != ""; s = strings.TrimSpace(s) {
		if s[0] == '"' {
			end := 1
			for end < len(s) && s[end] != '"' {
				if s[end] == '\\' {
					end++
				}
				end++
			}
			out = append(out, s[:min(end+1, len(s))])
			s = s[min(end+1, len(s)):]
			continue
		}
		i := strings.IndexByte(s, ' ')
		if i < 0 {
			i = len(s)
		}
		out = append(out, s[:i])
		s = s[i:]
	}
	return out
}

// result is what happened to one schema.
type result struct {
	name                      string
	generated, built, gremlin bool
	probes                    []string // one line per database
	probeFailed               bool
	err                       string
}

func (r *result) String() string {
	stage := func(ok bool) string {
		if ok {
			return "ok"
		}
		return "FAIL"
	}
	s := fmt.Sprintf("%-40s generate %-4s", r.name, stage(r.generated))
	if r.generated {
		s += fmt.Sprintf(" build %-4s", stage(r.built))
	}
	for _, p := range r.probes {
		s += "\n    " + p
	}
	if r.err != "" {
		s += "\n    " + strings.ReplaceAll(strings.TrimSpace(r.err), "\n", "\n    ")
	}
	return s
}

func (r *result) exercise(mod *zoo.Module, modPath string, g generator, db string) {
	if err := writeGenerator(mod, modPath, g); err != nil {
		r.err = err.Error()
		return
	}
	var err error
	if g.entc {
		_, err = mod.Run(g.dir, "go", "run", "entc.go", "entstack_gen.go")
	} else {
		_, err = mod.Run(g.dir, "go", "run", "entstack_gen.go")
	}
	if err != nil {
		r.err = lastLines(err.Error(), 12)
		return
	}
	r.generated = true
	pkgDir := g.dir
	for i, a := range g.args {
		if a == "--target" && i+1 < len(g.args) {
			pkgDir = filepath.Join(g.dir, g.args[i+1])
		}
		if strings.HasPrefix(a, "--storage") && strings.Contains(a, "gremlin") {
			r.gremlin = true
		}
	}
	if _, err := mod.Run("", "go", "build", "./"+filepath.ToSlash(pkgDir)+"/..."); err != nil {
		r.err = lastLines(err.Error(), 12)
		return
	}
	r.built = true
	if r.gremlin {
		r.probes = append(r.probes, "probe: skipped (gremlin storage: nothing is served)")
		return
	}
	pkg := modPath + "/" + filepath.ToSlash(pkgDir)
	_, hasRuntime := os.Stat(filepath.Join(mod.Dir, pkgDir, "runtime"))
	main := zoo.ProbeMain(zoo.ProbeTarget{Name: r.name, Package: pkg, Runtime: hasRuntime == nil})
	if err := mod.WriteFile(filepath.Join(pkgDir, "entstackprobe", "main.go"), main); err != nil {
		r.err = err.Error()
		return
	}
	dbs := []string{""}
	if db != "" {
		dbs = append(dbs, db)
	}
	for _, dsn := range dbs {
		out, err := mod.Run("", "go", "run", "./"+filepath.ToSlash(pkgDir)+"/entstackprobe", "-db="+dsn)
		where := "sqlite"
		if dsn != "" {
			where = strings.SplitN(dsn, ":", 2)[0]
		}
		line := where + ": " + strings.TrimSpace(lastLines(out, 1))
		if err != nil {
			r.probeFailed = true
			line = where + ": " + lastLines(out, 8)
		}
		r.probes = append(r.probes, line)
	}
}

// writeGenerator writes entstack_gen.go next to the schema's generate.go:
// the schema's own generator with the extension added.
func writeGenerator(mod *zoo.Module, modPath string, g generator) error {
	if g.entc {
		path := filepath.Join(mod.Dir, g.dir, "entc.go")
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		s := strings.ReplaceAll(string(src), "entc.Generate(", "entstackGenerate(")
		if !strings.Contains(s, "entc.") {
			s += "\nvar _ = entc.Generate\n"
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			return err
		}
		return mod.WriteFile(filepath.Join(g.dir, "entstack_gen.go"), `//go:build ignore

package main

import (
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	"github.com/entstack/entstack/entx"
)

// entstackGenerate is entc.Generate with the entstack extension added.
func entstackGenerate(path string, cfg *gen.Config, opts ...entc.Option) error {
	return entc.Generate(path, cfg, append(opts, entc.Extensions(entx.NewExtension()))...)
}
`)
	}
	var cfg, opts []string
	var schema string
	for i := 0; i < len(g.args); i++ {
		a := g.args[i]
		name, val, hasVal := strings.Cut(a, "=")
		if !strings.HasPrefix(a, "--") {
			schema = a
			continue
		}
		if !hasVal && i+1 < len(g.args) {
			i++
			val = g.args[i]
		}
		switch name {
		case "--feature":
			for _, f := range strings.Split(val, ",") {
				opts = append(opts, fmt.Sprintf("entc.FeatureNames(%q)", f))
			}
		case "--template":
			opts = append(opts, fmt.Sprintf("entc.TemplateDir(%q)", val))
		case "--storage":
			opts = append(opts, fmt.Sprintf("entc.Storage(%q)", val))
		case "--idtype":
			cfg = append(cfg, fmt.Sprintf("IDType: idType(%q)", val))
		case "--target":
			// ent generate derives the package from the target directory
			// (entc.Generate would take the schema's parent instead).
			cfg = append(cfg, fmt.Sprintf("Target: %q, Package: %q", val, modPath+"/"+filepath.ToSlash(filepath.Join(g.dir, val))))
		case "--header":
			cfg = append(cfg, "Header: "+val)
		default:
			return fmt.Errorf("%s: unknown ent generate flag %s", g.dir, name)
		}
	}
	opts = append(opts, "entc.Extensions(entx.NewExtension())")
	return mod.WriteFile(filepath.Join(g.dir, "entstack_gen.go"), fmt.Sprintf(`//go:build ignore

package main

import (
	"log"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/entx"
)

// main is this schema's ent generate command with the entstack extension.
func main() {
	cfg := &gen.Config{%s}
	if err := entc.Generate(%q, cfg, %s); err != nil {
		log.Fatal(err)
	}
}

func idType(name string) *field.TypeInfo {
	for t := field.TypeBool; t <= field.TypeFloat64; t++ {
		if t.String() == name {
			return &field.TypeInfo{Type: t}
		}
	}
	log.Fatalf("unknown id type %%s", name)
	return nil
}

var _ = idType
`, strings.Join(cfg, ", "), schema, strings.Join(opts, ", ")))
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// summarize prints the counts and reports whether anything failed.
func summarize(rs []*result) bool {
	var gen, built, served int
	failed := false
	for _, r := range rs {
		if r.generated {
			gen++
		}
		if r.built {
			built++
		}
		if r.built && !r.probeFailed && len(r.probes) > 0 && !r.gremlin {
			served++
		}
		failed = failed || !r.built || r.probeFailed
	}
	fmt.Printf("\n%d schemas: %d generate, %d build, %d serve with no 5xx\n", len(rs), gen, built, served)
	return failed
}
