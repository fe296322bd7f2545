package resource

import (
	"fmt"
	"strings"
	"testing"
)

// fakeRow serves Value from a slice (index -1 is the id).
type fakeRow struct {
	id   any
	vals []any
}

func (r fakeRow) ID() any                            { return r.id }
func (r fakeRow) AppendID(dst []byte) []byte         { return dst }
func (r fakeRow) AppendField(d []byte, _ int) []byte { return d }
func (r fakeRow) Value(i int) any {
	if i < 0 {
		return r.id
	}
	return r.vals[i]
}
func (r fakeRow) Hidden(int) bool      { return false }
func (r fakeRow) Edge(int) int         { return -1 }
func (r fakeRow) EdgeRow(int, int) Row { return nil }

func testModel() *Model {
	m := &Model{Name: "Post", Type: "post", Table: "posts",
		ID: &Field{Name: "id", Column: "id", Kind: KindInt, Unique: true},
		Fields: []*Field{
			{Name: "views", Column: "views", Kind: KindInt},
			{Name: "rating", Column: "rating", Kind: KindFloat, Nillable: true},
		}}
	NewRegistry(nil, EntErrors{}, m)
	return m
}

func showFilter(f Filter) string {
	switch x := f.(type) {
	case And:
		return "and(" + showFilters(x) + ")"
	case Or:
		return "or(" + showFilters(x) + ")"
	case Not:
		return "not(" + showFilter(x.F) + ")"
	case *Cmp:
		return fmt.Sprintf("%s %s %v", x.Field.Name, x.Op, x.Value)
	}
	return fmt.Sprintf("%T", f)
}

func showFilters(fs []Filter) string {
	s := make([]string, len(fs))
	for i, f := range fs {
		s[i] = showFilter(f)
	}
	return strings.Join(s, "; ")
}

// TestAfter checks the cursor filter (RPC-PAGE-02): rows strictly after the
// cursor in the order, or equal to it, NULL-aware.
func TestAfter(t *testing.T) {
	m := testModel()
	views, rating := m.Fields[0], m.Fields[1]
	row := fakeRow{id: 5, vals: []any{10, nil}}
	tests := []struct {
		name   string
		orders []Order
		want   string
	}{
		{"no order: by id", nil, "or(id gt 5; id equals 5)"},
		{"desc, id follows", []Order{{Field: views, Desc: true}}, "or(views lt 10; and(views equals 10; id lt 5); and(views equals 10; id equals 5))"},
		{"NULL cursor value, ascending: NULLs first, so every non-NULL is after", []Order{{Field: rating}}, "or(rating isNull false; and(rating isNull true; id gt 5); and(rating isNull true; id equals 5))"},
		{"NULL cursor value, descending: nothing is after the NULLs", []Order{{Field: rating, Desc: true}}, "or(and(rating isNull true; id lt 5); and(rating isNull true; id equals 5))"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := showFilter(After(m, tt.orders, row)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
	// A non-NULL cursor value on a nullable column sorted descending: the
	// NULLs (last) are after it.
	got := showFilter(After(m, []Order{{Field: rating, Desc: true}, {Field: m.ID, Desc: true}}, fakeRow{id: 1, vals: []any{0, 2.5}}))
	if want := "or(or(rating lt 2.5; rating isNull true); and(rating equals 2.5; id lt 1); and(rating equals 2.5; id equals 1))"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestReverse checks that reversing flips directions and NULL placement
// (RPC-PAGE-03).
func TestReverse(t *testing.T) {
	m := testModel()
	if r := Reverse(m, nil); len(r) != 1 || r[0].Field != m.ID || !r[0].Desc {
		t.Fatalf("empty order reversed: %+v", r)
	}
	r := Reverse(m, []Order{{Field: m.Fields[1], Nulls: NullsFirst}, {Field: m.Fields[0], Desc: true}})
	if r[0].Desc != true || r[0].Nulls != NullsLast || r[1].Desc != false {
		t.Fatalf("got %+v", r)
	}
}
