package entx

import (
	"fmt"

	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
)

// index is the privacy package's view of the graph, with the way back to
// Ent's types for code generation.
type index struct {
	s      *privacy.Schema
	types  map[string]*gen.Type
	fields map[*privacy.Field]*gen.Field
	owners map[*privacy.Field]*gen.Type
	edges  map[*privacy.Edge]*gen.Edge
}

// describe builds the abstract schema the rule checker works on.
func describe(g *gen.Graph, authModel string) (*index, error) {
	ix := &index{
		s:      &privacy.Schema{Models: map[string]*privacy.Model{}, Auth: authModel},
		types:  map[string]*gen.Type{},
		fields: map[*privacy.Field]*gen.Field{},
		owners: map[*privacy.Field]*gen.Type{},
		edges:  map[*privacy.Edge]*gen.Edge{},
	}
	byGen := map[*gen.Field]*privacy.Field{}
	for _, t := range g.Nodes {
		m := &privacy.Model{Name: t.Name}
		add := func(f *gen.Field) *privacy.Field {
			pf := &privacy.Field{Name: f.Name, APIName: jsonName(f.Name), Kind: kindOfField(f), Nullable: f.Optional || f.Nillable}
			if f.IsEnum() {
				pf.Enum = f.EnumValues()
			}
			ix.fields[pf], ix.owners[pf], byGen[f] = f, t, pf
			return pf
		}
		if t.ID != nil {
			m.ID = add(t.ID)
		}
		for _, f := range t.Fields {
			m.Fields = append(m.Fields, add(f))
		}
		ix.s.Models[t.Name], ix.types[t.Name] = m, t
	}
	for _, t := range g.Nodes {
		m := ix.s.Models[t.Name]
		for _, e := range t.Edges {
			pe := &privacy.Edge{Name: e.Name, Target: e.Type.Name, Unique: e.Unique}
			if f := e.Field(); f != nil && e.OwnFK() {
				pe.FK = byGen[f]
			}
			m.Edges = append(m.Edges, pe)
			ix.edges[pe] = e
		}
	}
	if _, ok := ix.types[authModel]; !ok && len(g.Nodes) > 0 {
		return nil, fmt.Errorf("the auth model %q (auth()) is not a schema of the graph", authModel)
	}
	return ix, nil
}

func kindOfField(f *gen.Field) privacy.Kind {
	if f.HasGoType() && !f.IsEnum() {
		return privacy.KindOther
	}
	switch f.Type.Type {
	case field.TypeBool:
		return privacy.KindBool
	case field.TypeInt, field.TypeInt8, field.TypeInt16, field.TypeInt32, field.TypeInt64,
		field.TypeUint, field.TypeUint8, field.TypeUint16, field.TypeUint32, field.TypeUint64:
		return privacy.KindInt
	case field.TypeFloat32, field.TypeFloat64:
		return privacy.KindFloat
	case field.TypeString:
		return privacy.KindString
	case field.TypeTime:
		return privacy.KindTime
	case field.TypeEnum:
		return privacy.KindEnum
	}
	return privacy.KindOther
}
