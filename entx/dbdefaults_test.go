package entx

import (
	"testing"

	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/entc/gen"
)

// TestDBDefaults: a field whose default only the database applies marks
// its model (resource.Model DBDefaults), whether the annotation arrives as
// the value or, as in codegen, JSON-decoded.
func TestDBDefaults(t *testing.T) {
	name := entsql.Annotation{}.Name()
	for _, c := range []struct {
		name string
		ann  any
		want bool
	}{
		{"no annotation", nil, false},
		{"a size only", map[string]any{"size": 10}, false},
		{"Default", map[string]any{"default": "5"}, true},
		{"DefaultExpr", map[string]any{"default_expr": "now()"}, true},
		{"DefaultExprs", map[string]any{"default_exprs": map[string]any{"postgres": "now()"}}, true},
		{"the annotation value", entsql.Default("5"), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &gen.Field{Name: "x", Annotations: gen.Annotations{}}
			if c.ann != nil {
				f.Annotations[name] = c.ann
			}
			got, err := dbDefaults(&gen.Type{Name: "T", Fields: []*gen.Field{{Name: "plain"}, f}})
			if err != nil || got != c.want {
				t.Errorf("dbDefaults = %v, %v; want %v", got, err, c.want)
			}
		})
	}
}
