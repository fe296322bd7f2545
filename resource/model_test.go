package resource

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// cardModel has a field and an edge whose names JSON:API reserves: RPC
// finds them by name, REST by their member names.
func cardModel() *Registry {
	card := &ModelSpec{Name: "Card", Type: "card", Table: "cards",
		ID: &FieldSpec{Name: "id", Column: "id", Kind: KindInt},
		Fields: []*FieldSpec{
			{Name: "type", Member: "cardType", Column: "type", Kind: KindString},
			{Name: "number", Column: "number", Kind: KindString},
		},
		Edges: []*EdgeSpec{{Name: "id", Member: "cardId", TargetName: "Card", Rel: M2O, Unique: true}},
	}
	return NewRegistry(nil, EntErrors{}, card)
}

func TestMembers(t *testing.T) {
	m, _ := cardModel().Model("card")
	typ, ok := m.Field("type")
	require.True(t, ok)
	require.Equal(t, "cardType", typ.MemberName())
	require.Equal(t, `"cardType":`, string(typ.MemberKey()))
	require.Equal(t, `"type":`, string(typ.Key()))

	f, ok := m.Attribute("cardType")
	require.True(t, ok)
	require.Same(t, typ, f)
	_, ok = m.Attribute("type")
	require.False(t, ok, "type is not an attribute")
	id, ok := m.Attribute("id")
	require.True(t, ok)
	require.Same(t, m.ID(), id)
	n, _ := m.Field("number")
	require.Equal(t, "number", n.MemberName())

	e, ok := m.Relationship("cardId")
	require.True(t, ok)
	require.Equal(t, "id", e.Name())
	_, ok = m.Relationship("id")
	require.False(t, ok)
}
