package resource

import (
	"context"
	"fmt"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"
)

// linkModel is an edge schema: its id is (from_id, to_id).
func linkModel(divider string) *Model {
	link := &ModelSpec{Name: "Link", Type: "link", Table: "links", Key: []string{"fromId", "toId"},
		ID: &FieldSpec{Name: "id", Kind: KindComposite},
		Fields: []*FieldSpec{
			{Name: "fromId", Column: "from_id", Kind: KindInt, Conv: Conv(Int[int])},
			{Name: "toId", Column: "to_id", Kind: KindString, Conv: Conv(Str[string])},
		},
	}
	reg := NewRegistry(nil, EntErrors{}, link)
	reg.IDDivider = divider
	return reg.Models[0]
}

// linkRow serves the parts of a composite id.
type linkRow struct {
	Row
	from int
	to   string
}

func (r linkRow) AppendField(dst []byte, i int) []byte {
	if i == 0 {
		return AppendInt(dst, int64(r.from))
	}
	return AppendString(dst, r.to)
}

func TestCompositeID(t *testing.T) {
	m := linkModel("")
	require.True(t, m.Composite())
	require.Equal(t, []*Field{m.Fields()[0], m.Fields()[1]}, m.ID().Parts())
	require.Equal(t, "from_id", m.ID().Column())
	require.Equal(t, []string{"from_id", "to_id"}, KeyColumns(m))
	require.Equal(t, "fromId_toId", CompoundName(m.ID().Parts()))
	require.Equal(t, m.ID().Parts(), m.Compound("fromId_toId"))
	require.Nil(t, m.Compound("fromId"))
	_, ok := m.Field("id")
	require.False(t, ok, "RPC sees no id field")
	f, ok := m.Attribute("id")
	require.True(t, ok, "JSON:API has one")
	require.Same(t, m.ID(), f)

	id, err := ParseID(m, "7_a")
	require.NoError(t, err)
	require.Equal(t, CompositeID{7, "a"}, id)
	require.Equal(t, "7_a", fmt.Sprint(id), "in messages")
	for _, bad := range []string{"7", "x_a", "7_a_b", ""} {
		_, err := ParseID(m, bad)
		require.Error(t, err, bad)
	}
	require.Equal(t, `"7_a"`, string(AppendResourceID(nil, m, linkRow{from: 7, to: "a"})))

	typed, err := m.ID().Conv()(CompositeID{int64(7), "a"})
	require.NoError(t, err)
	require.Equal(t, CompositeID{7, "a"}, typed)

	m = linkModel("--")
	id, err = ParseID(m, "7--a_b")
	require.NoError(t, err)
	require.Equal(t, CompositeID{7, "a_b"}, id)
	require.Equal(t, `"7--a_b"`, string(AppendResourceID(nil, m, linkRow{from: 7, to: "a_b"})))
}

// Comparisons, orders and IN lists of a composite id compare every part.
func TestCompileCompositeID(t *testing.T) {
	m := linkModel("")
	render := func(f Filter) (string, []any) {
		s := sql.Dialect(dialect.SQLite).Select("*").From(sql.Table("links"))
		Compile(context.Background(), m, f)(s)
		return s.Query()
	}
	q, args := render(IDIs(m, CompositeID{1, "a"}))
	require.Equal(t, "SELECT * FROM `links` WHERE `links`.`from_id` = ? AND `links`.`to_id` = ?", q)
	require.Equal(t, []any{1, "a"}, args)
	q, _ = render(IDIn(m, []any{CompositeID{1, "a"}, CompositeID{2, "b"}}))
	require.Equal(t, "SELECT * FROM `links` WHERE (`links`.`from_id` = ? AND `links`.`to_id` = ?) OR (`links`.`from_id` = ? AND `links`.`to_id` = ?)", q)
	q, _ = render(&Cmp{Field: m.ID(), Op: OpNotIn, Value: []any{}})
	require.Equal(t, "SELECT * FROM `links` WHERE NOT (FALSE)", q)

	s := sql.Dialect(dialect.SQLite).Select("*").From(sql.Table("links"))
	CompileOrder(context.Background(), Order{Field: m.ID(), Desc: true})(s)
	q, _ = s.Query()
	require.Equal(t, "SELECT * FROM `links` ORDER BY `links`.`from_id` DESC, `links`.`to_id` DESC", q)
}
