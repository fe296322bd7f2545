package restapi

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

// A field or edge named like JSON:API's type or id members is addressed by
// its member name in filters, sorts, sparse fieldsets and bodies; the
// reserved name itself is unknown.
func TestReservedNameMembers(t *testing.T) {
	cardSpec := &resource.ModelSpec{Name: "Card", Type: "card", Table: "cards",
		ID:     &resource.FieldSpec{Name: "id", Column: "id", Kind: resource.KindInt, Conv: resource.Conv(resource.Int[int])},
		Fields: []*resource.FieldSpec{{Name: "type", Member: "cardType", Column: "type", Kind: resource.KindString, Conv: resource.Conv(resource.Str[string])}},
		Edges:  []*resource.EdgeSpec{{Name: "owner", TargetName: "Card", Rel: resource.M2O, Unique: true}},
	}
	reg := resource.NewRegistry(nil, resource.EntErrors{}, cardSpec)
	card := reg.Models[0]
	h, err := New(reg, Options{Endpoint: "http://api.test"})
	require.NoError(t, err)

	p, err := h.parseParams(card, query(t, "filter[cardType]=visa&sort=-cardType&fields[card]=cardType"), true)
	require.NoError(t, err)
	require.Equal(t, `type equals "visa"`, show(p.where))
	require.Equal(t, "type", p.order[0].Field.Name())
	require.True(t, p.fields[card].fields[0])

	_, err = h.parseParams(card, query(t, "filter[type]=visa"), true)
	requireParamError(t, err, resource.CodeInvalidParameter, "filter[type]", `card has no attribute or relationship "type"`)
	_, err = h.parseParams(card, query(t, "sort=type"), true)
	requireParamError(t, err, resource.CodeInvalidParameter, "sort", `card has no attribute "type"`)

	w, err := parseResource(card, []byte(`{"data":{"type":"card","attributes":{"cardType":"visa"}}}`), "", nil)
	require.NoError(t, err)
	require.Equal(t, "visa", w.Fields[0].Value)
	_, err = parseResource(card, []byte(`{"data":{"type":"card","attributes":{"type":"visa"}}}`), "", nil)
	require.ErrorContains(t, err, `card has no attribute "type"`)
}

// A JSON attribute holding a list of scalars takes the collection
// operators; other JSON attributes and other operators are a 400.
func TestJSONListFilters(t *testing.T) {
	docSpec := &resource.ModelSpec{Name: "Doc", Type: "doc", Table: "docs",
		ID: &resource.FieldSpec{Name: "id", Column: "id", Kind: resource.KindInt, Conv: resource.Conv(resource.Int[int])},
		Fields: []*resource.FieldSpec{
			{Name: "tags", Column: "tags", Kind: resource.KindJSON, Elem: resource.KindString},
			{Name: "scores", Column: "scores", Kind: resource.KindJSON, Elem: resource.KindInt},
			{Name: "meta", Column: "meta", Kind: resource.KindJSON},
		},
	}
	reg := resource.NewRegistry(nil, resource.EntErrors{}, docSpec)
	doc := reg.Models[0]
	h, err := New(reg, Options{Endpoint: "http://api.test"})
	require.NoError(t, err)
	for q, want := range map[string]string{
		"filter[tags$has]=a":        "tags op5 [a]",
		"filter[tags$hasEvery]=a,b": "tags op5 [a b]",
		"filter[tags$hasSome]=a,b":  "tags op8 [a b]",
		"filter[tags$isEmpty]=true": "tags op9 true",
		"filter[scores$has]=3":      "scores op5 [3]",
	} {
		p, err := h.parseParams(doc, query(t, q), true)
		require.NoError(t, err, q)
		f := p.where.(*resource.JSONFilter)
		require.Equal(t, want, fmt.Sprintf("%s op%d %v", f.Field.Name(), f.Op, f.Value), q)
	}
	for q, want := range map[string]string{
		"filter[tags]=a":           `attribute "tags" (json) is filtered only with $has`,
		"filter[meta$has]=a":       `attribute "meta" (json) is filtered only with $has`,
		"filter[scores$has]=x":     `"x" is not a valid value for scores`,
		"filter[tags$isEmpty]=yes": `$isEmpty takes true or false`,
		"filter[tags$has]=a,b":     `$has takes one value`,
	} {
		_, err := h.parseParams(doc, query(t, q), true)
		require.ErrorContains(t, err, want, q)
	}
}
