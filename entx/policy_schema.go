package entx

import (
	"fmt"
	"reflect"
	"strings"

	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"
	"github.com/entstack/entstack/entx/policylang"
	"github.com/entstack/entstack/privacy"
)

// index is the privacy package's view of the graph, with the way back to
// Ent's types for code generation.
type index struct {
	s      *policylang.Schema
	types  map[string]*gen.Type
	fields map[*policylang.Field]*gen.Field
	owners map[*policylang.Field]*gen.Type
	edges  map[*policylang.Edge]*gen.Edge
	rules  map[string][]checkedRule // model rules, by model
	// delegated holds the conditions check() delegates to, by model and
	// operation; delegating the ones being compiled (a loop is an error).
	delegated  map[string]string
	delegating []string
}

// checkedRule is a model rule and its checked expression.
type checkedRule struct {
	Rule privacy.Rule
	Expr policylang.Expr
}

// describe builds the abstract schema the rule checker works on.
// A missing auth model is an error only when it was named explicitly
// (entx.AuthModel) or when a rule uses auth() (the checker says so).
func describe(g *gen.Graph, authModel string, explicit bool) (*index, error) {
	ix := &index{
		s:         &policylang.Schema{Models: map[string]*policylang.Model{}, Auth: authModel},
		types:     map[string]*gen.Type{},
		fields:    map[*policylang.Field]*gen.Field{},
		owners:    map[*policylang.Field]*gen.Type{},
		edges:     map[*policylang.Edge]*gen.Edge{},
		rules:     map[string][]checkedRule{},
		delegated: map[string]string{},
	}
	byGen := map[*gen.Field]*policylang.Field{}
	for _, t := range g.Nodes {
		m := &policylang.Model{Name: t.Name}
		add := func(f *gen.Field) *policylang.Field {
			pf := &policylang.Field{Name: f.Name, APIName: jsonName(f.Name), Kind: kindOfField(f), Nullable: f.Optional || f.Nillable}
			if k, ok := listKind(f); ok {
				pf.Kind, pf.List = k, true
			}
			if f.IsEnum() {
				pf.Enum = f.EnumValues()
				pf.EnumType = f.Type.String()
				if i := strings.LastIndexByte(pf.EnumType, '.'); i >= 0 {
					pf.EnumType = pf.EnumType[i+1:]
				}
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
			pe := &policylang.Edge{Name: e.Name, Target: e.Type.Name, Unique: e.Unique}
			if f := e.Field(); f != nil && e.OwnFK() {
				pe.FK = byGen[f]
			}
			m.Edges = append(m.Edges, pe)
			ix.edges[pe] = e
		}
	}
	if t, ok := ix.types[authModel]; ok && !t.HasOneFieldID() {
		return nil, fmt.Errorf("the auth model %s has a composite id: auth() needs a model with one id field (entx.AuthModel)", authModel)
	}
	if _, ok := ix.types[authModel]; !ok && explicit {
		return nil, fmt.Errorf("entx.AuthModel(%q): no schema of the graph has that name", authModel)
	}
	return ix, nil
}

func kindOfField(f *gen.Field) policylang.Kind {
	if f.HasGoType() && !f.IsEnum() {
		return policylang.KindOther
	}
	switch f.Type.Type {
	case field.TypeBool:
		return policylang.KindBool
	case field.TypeInt, field.TypeInt8, field.TypeInt16, field.TypeInt32, field.TypeInt64,
		field.TypeUint, field.TypeUint8, field.TypeUint16, field.TypeUint32, field.TypeUint64:
		return policylang.KindInt
	case field.TypeFloat32, field.TypeFloat64:
		return policylang.KindFloat
	case field.TypeString:
		return policylang.KindString
	case field.TypeTime:
		return policylang.KindTime
	case field.TypeEnum:
		return policylang.KindEnum
	}
	return policylang.KindOther
}

// listKind returns the kind of the elements of a JSON list field (Ent's
// field.Strings, field.Ints, field.Floats, field.JSON of a slice of
// booleans, numbers or strings): the list functions apply to it.
func listKind(f *gen.Field) (policylang.Kind, bool) {
	if !f.IsJSON() || f.Type.RType == nil || f.Type.RType.Kind != reflect.Slice {
		return 0, false
	}
	switch strings.TrimPrefix(f.Type.String(), "[]") {
	case "string":
		return policylang.KindString, true
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return policylang.KindInt, true
	case "float32", "float64":
		return policylang.KindFloat, true
	case "bool":
		return policylang.KindBool, true
	}
	return 0, false
}
