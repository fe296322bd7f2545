// Package entx is the Ent code-generation extension of entstack. Added to
// ent/entc.go, it reads the resource and privacy annotations of the schemas,
// type-checks and compiles the access policies, and renders, per entity, the
// typed adapter of the resource contract and the compiled policy, plus the
// registry that hands every model to the API handlers (client.Resources()).
//
// Everything that can be generic lives in the runtime packages (resource,
// privacy); the generated code holds metadata tables and the typed calls Ent
// offers only per entity.
package entx

import (
	"embed"
	"fmt"
	"io"
	"os"
	"slices"
	"text/template"

	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
)

//go:embed template/*.tmpl
var templateFS embed.FS

// Extension implements entc.Extension.
type Extension struct {
	entc.DefaultExtension
	authModel string
	authSet   bool // AuthModel was given: the model must exist
	notices   io.Writer
	// tsPath and tsProvider configure the TypeScript schema module
	// (TypeScriptSchema, SchemaProvider).
	tsPath     string
	tsProvider string
	models     map[string]*modelSpec
	policies   map[string]*policySpec
	added      []string // the features this extension enabled (not the user)
}

var _ entc.Extension = (*Extension)(nil)

// Option configures the extension.
type Option func(*Extension)

// AuthModel names the schema whose entity auth() returns, the signed-in
// principal: "Account", "Member"… (default "User"). Its id may be of any
// type. The generated package gets viewer helpers named after it
// (WithViewer, WithViewerID). Without this option, a graph with no User
// schema generates as long as no rule uses auth().
func AuthModel(name string) Option {
	return func(e *Extension) { e.authModel, e.authSet = name, true }
}

// Notices sets where generate-time notices go (default: standard error):
// one line per schema element the APIs leave out or serve differently
// than declared, naming the element and the annotation that changes it.
func Notices(w io.Writer) Option { return func(e *Extension) { e.notices = w } }

// NewExtension returns the extension to pass to entc.Extensions.
func NewExtension(opts ...Option) *Extension {
	e := &Extension{authModel: "User", notices: os.Stderr}
	for _, opt := range opts {
		opt(e)
	}
	return e
}

// typeTemplates are rendered once per entity. Ent renders only its own
// gen.Templates per type; appending to that list (once per process) is the
// way an extension gets one file per entity. Listing the template's own name
// in ExtendPatterns keeps Ent from also rendering it as a graph-wide file.
var typeTemplates = []gen.TypeTemplate{
	{
		Name:           "entx/resource",
		Format:         func(t *gen.Type) string { return t.PackageDir() + "_resource.go" },
		ExtendPatterns: []string{"entx/resource"},
	},
	{
		Name:           "entx/policy",
		Format:         func(t *gen.Type) string { return t.PackageDir() + "_policy.go" },
		ExtendPatterns: []string{"entx/policy"},
	},
}

// features are the Ent features the generated code uses: enabled by the
// extension itself, so that users need not list them.
var features = []gen.Feature{gen.FeatureModifier}

// Options registers the per-entity templates and enables the features the
// generated code needs.
func (e *Extension) Options() []entc.Option {
	return []entc.Option{func(cfg *gen.Config) error {
		for _, f := range features {
			if !slices.ContainsFunc(cfg.Features, func(g gen.Feature) bool { return g.Name == f.Name }) {
				cfg.Features = append(cfg.Features, f)
				e.added = append(e.added, f.Name)
			}
		}
		for _, tt := range typeTemplates {
			found := false
			for _, t := range gen.Templates {
				found = found || t.Name == tt.Name
			}
			if !found {
				gen.Templates = append(gen.Templates, tt)
			}
		}
		return nil
	}}
}

// Templates returns the extension's templates.
func (e *Extension) Templates() []*gen.Template {
	return []*gen.Template{
		gen.MustParse(gen.NewTemplate("entx").
			Funcs(template.FuncMap{
				"entxModel":      e.model,
				"entxPolicy":     e.policy,
				"entxRowWrites":  rowWrites,
				"entxDBDefaults": dbDefaults,
				"entxPGExact":    postgresExact,
				"entxPGTimes":    createTimes,
			}).
			ParseFS(templateFS, "template/*.tmpl")),
	}
}

// rowWrites reports whether the API updates and deletes one row of n with
// Ent's bulk builders narrowed to it (privacy.WriteRow, resource.Model
// RowWrites): an id of a numeric or string type without a ValueScanner.
// Ent's bulk update reads the ids it changes raw (driver values) to change
// the foreign keys of other tables, which an UUID on MariaDB does not
// survive; such ids, and composite ones, keep Ent's UpdateOne and
// DeleteOne.
func rowWrites(n *gen.Type) bool {
	id := n.ID
	return id != nil && !n.HasCompositeID() && id.Type != nil && (id.Type.Numeric() || id.IsString()) && !id.HasValueScanner()
}

// dbDefaults reports whether a column of n has a default that only the
// database applies (entsql.Default, DefaultExpr, DefaultExprs): the row
// Ent returns from a create lacks its value, so the APIs read it back
// (resource.Model DBDefaults).
func dbDefaults(n *gen.Type) (bool, error) {
	for _, f := range n.Fields {
		a, err := decodeAnnotation[entsql.Annotation](f.Annotations, entsql.Annotation{}.Name())
		if err != nil {
			return false, fmt.Errorf("entx: schema %s, field %s: %w", n.Name, f.Name, err)
		}
		if a.Default != "" || a.DefaultExpr != "" || len(a.DefaultExprs) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// Hooks builds the API metadata of every entity and compiles the access
// policies before Ent renders anything, so that a bad annotation or rule
// fails `go generate` with the schema and the reason, before any file is
// written.
func (e *Extension) Hooks() []gen.Hook {
	return []gen.Hook{func(next gen.Generator) gen.Generator {
		return gen.GenerateFunc(func(g *gen.Graph) error {
			g.Features = uniqueFeatures(g.Features)
			models, notices, err := buildModels(g)
			if err != nil {
				return fmt.Errorf("entx: %w", err)
			}
			if g.Storage != nil && g.Storage.Name != "sql" {
				notices = []string{fmt.Sprintf("storage %q: nothing is served (the APIs run on SQL databases)", g.Storage.Name)}
				for _, m := range models {
					m.Hidden, m.Skip = true, true
				}
				// The features were enabled for the SQL code; Ent's
				// templates of other storages do not support them (the
				// gremlin query's Clone copies a modifiers field its
				// builder lacks).
				g.Features = slices.DeleteFunc(g.Features, func(f gen.Feature) bool { return slices.Contains(e.added, f.Name) })
			}
			for _, n := range notices {
				fmt.Fprintln(e.notices, "entx: notice:", n)
			}
			e.models = models
			policies, err := compilePolicies(g, e.authModel, e.authSet)
			if err != nil {
				return fmt.Errorf("entx: %w", err)
			}
			e.policies = policies
			if err := next.Generate(g); err != nil {
				return err
			}
			if err := e.writeTypeScriptSchema(g); err != nil {
				return fmt.Errorf("entx: TypeScript schema: %w", err)
			}
			return nil
		})
	}}
}

func (e *Extension) model(t *gen.Type) (*modelSpec, error) {
	if m, ok := e.models[t.Name]; ok {
		return m, nil
	}
	return nil, fmt.Errorf("entx: no metadata for %s", t.Name)
}

func (e *Extension) policy(t *gen.Type) (*policySpec, error) {
	if p, ok := e.policies[t.Name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("entx: no policy for %s", t.Name)
}

// uniqueFeatures drops repeated features: entc.FeatureNames does not check
// whether a feature is on already, and a user may list one this extension
// enables too.
func uniqueFeatures(fs []gen.Feature) []gen.Feature {
	out := fs[:0]
	for _, f := range fs {
		if !slices.ContainsFunc(out, func(g gen.Feature) bool { return g.Name == f.Name }) {
			out = append(out, f)
		}
	}
	return out
}
