package restapi

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

// A field or edge named like JSON:API's type or id members is addressed by
// its member name in filters, sorts, sparse fieldsets and bodies; the
// reserved name itself is unknown.
func TestReservedNameMembers(t *testing.T) {
	card := &resource.Model{Name: "Card", Type: "card", Table: "cards",
		ID:     &resource.Field{Name: "id", Column: "id", Kind: resource.KindInt, Conv: resource.Conv(resource.Int[int])},
		Fields: []*resource.Field{{Name: "type", Member: "cardType", Column: "type", Kind: resource.KindString, Conv: resource.Conv(resource.Str[string])}},
		Edges:  []*resource.Edge{{Name: "owner", TargetName: "Card", Rel: resource.M2O, Unique: true}},
	}
	h := New(resource.NewRegistry(nil, resource.EntErrors{}, card), Options{Endpoint: "http://api.test"})

	p, err := h.parseParams(card, query(t, "filter[cardType]=visa&sort=-cardType&fields[card]=cardType"), true)
	require.NoError(t, err)
	require.Equal(t, `type equals "visa"`, show(p.where))
	require.Equal(t, "type", p.order[0].Field.Name)
	require.True(t, p.fields[card].fields[0])

	_, err = h.parseParams(card, query(t, "filter[type]=visa"), true)
	requireParamError(t, err, resource.CodeInvalidParameter, "filter[type]", `card has no attribute or relationship "type"`)
	_, err = h.parseParams(card, query(t, "sort=type"), true)
	requireParamError(t, err, resource.CodeInvalidParameter, "sort", `card has no attribute "type"`)

	w, err := parseResource(card, []byte(`{"data":{"type":"card","attributes":{"cardType":"visa"}}}`), "")
	require.NoError(t, err)
	require.Equal(t, "visa", w.Fields[0].Value)
	_, err = parseResource(card, []byte(`{"data":{"type":"card","attributes":{"type":"visa"}}}`), "")
	require.ErrorContains(t, err, `card has no attribute "type"`)
}
