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
	m := &ModelSpec{Name: "Post", Type: "post", Table: "posts",
		ID: &FieldSpec{Name: "id", Column: "id", Kind: KindInt, Unique: true},
		Fields: []*FieldSpec{
			{Name: "views", Column: "views", Kind: KindInt},
			{Name: "rating", Column: "rating", Kind: KindFloat, Nillable: true},
		}}
	reg := NewRegistry(nil, EntErrors{}, m)
	return reg.Models[0]
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
		return fmt.Sprintf("%s %s %v", x.Field.Name(), x.Op, x.Value)
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

// TestReverse checks that reversing flips directions and NULL placement
// (RPC-PAGE-03).
func TestReverse(t *testing.T) {
	m := testModel()
	if r := Reverse(m, nil); len(r) != 1 || r[0].Field != m.ID() || !r[0].Desc {
		t.Fatalf("empty order reversed: %+v", r)
	}
	r := Reverse(m, []Order{{Field: m.Fields()[1], Nulls: NullsFirst}, {Field: m.Fields()[0], Desc: true}})
	if r[0].Desc != true || r[0].Nulls != NullsLast || r[1].Desc != false {
		t.Fatalf("got %+v", r)
	}
}
