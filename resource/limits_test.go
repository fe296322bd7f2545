package resource

import (
	"strings"
	"testing"
)

// A budget counts what Compile makes of a filter: every condition of its
// own is a term, an in list is one term and its values list items (a term
// each when folded), a search string one term and its words; inside k
// relation filters a term counts k+1 times.
func TestBudgetCounts(t *testing.T) {
	m := testModel()
	views, rating := m.Fields()[0], m.Fields()[1]
	cmp := func(op Op, v any) *Cmp { return &Cmp{Field: views, Op: op, Value: v} }
	ors := make(Or, 7)
	for i := range ors {
		ors[i] = cmp(OpEQ, int64(i))
	}
	tests := []struct {
		name                 string
		f                    Filter
		terms, search, items int
	}{
		{"nil", nil, 0, 0, 0},
		{"one comparison", cmp(OpGT, int64(1)), 1, 0, 0},
		{"an or of seven", ors, 7, 0, 0},
		{"and of or and not", And{ors, Not{F: cmp(OpEQ, int64(1))}}, 8, 0, 0},
		{"empty or is false", Or{}, 1, 0, 0},
		{"constants", Or{Const(true), Const(true)}, 2, 0, 0},
		{"in list", cmp(OpIn, []any{int64(1), int64(2), int64(3)}), 1, 0, 3},
		{"folded in list", &Cmp{Field: views, Op: OpIn, Value: []any{"a", "b"}, Fold: true}, 3, 0, 2},
		{"search", &Cmp{Field: views, Op: OpSearch, Value: " go  ent\tapi "}, 1, 3, 0},
		{"relation filter", &EdgeFilter{Where: And{cmp(OpEQ, int64(1)), &Cmp{Field: rating, Op: OpIsNull, Value: true}}}, 5, 0, 0},
		{"nested relation filters", Or{cmp(OpEQ, int64(1)), &EdgeFilter{Where: &EdgeFilter{Where: Or{cmp(OpEQ, int64(1)), cmp(OpEQ, int64(2))}}}}, 1 + 1 + 2 + 3 + 3, 0, 0},
		{"aggregate in", &AggCmp{Op: OpIn, Value: []any{int64(1), int64(2)}}, 1, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := &Budget{lim: Limits{MaxTerms: -1, MaxRelationFilters: -1, MaxSearchTerms: -1, MaxListItems: -1}}
			if err := b.Filter(tt.f); err != nil {
				t.Fatal(err)
			}
			if b.terms != tt.terms || b.search != tt.search || b.items != tt.items {
				t.Errorf("terms %d search %d items %d, want %d %d %d", b.terms, b.search, b.items, tt.terms, tt.search, tt.items)
			}
		})
	}
}

// The budget is per request: what each filter and sort charges adds up,
// and the first charge past a limit fails with CodeLimit.
func TestBudgetLimits(t *testing.T) {
	m := testModel()
	views := m.Fields()[0]
	r := &Registry{Limits: Limits{MaxTerms: 3, MaxRelationFilters: 1, MaxSearchTerms: 2, MaxListItems: 4}}
	b := r.Budget()
	if err := b.Filter(Or{&Cmp{Field: views, Op: OpEQ, Value: int64(1)}, &Cmp{Field: views, Op: OpEQ, Value: int64(2)}}); err != nil {
		t.Fatal(err)
	}
	if err := b.Orders([]Order{{Field: views}}); err != nil {
		t.Fatal(err)
	}
	err := b.Orders([]Order{{Field: views}})
	if e, ok := err.(*Error); !ok || e.Kind != Invalid || e.Code != CodeLimit || !strings.Contains(e.Detail, "more than 3") {
		t.Fatalf("got %v, want a limit error", err)
	}

	for _, tt := range []struct {
		f    Filter
		want string
	}{
		{&Cmp{Field: views, Op: OpSearch, Value: "a b c"}, "more than 2 words"},
		{Or{&EdgeFilter{}, &EdgeFilter{}}, "more than 1 relation filters"},
		{&Cmp{Field: views, Op: OpIn, Value: []any{1, 2, 3, 4, 5}}, "more than 4 values"},
	} {
		err := r.Budget().Filter(tt.f)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}

	// Zero limits are the defaults; negative ones are off; a nil budget
	// has none.
	if got := (&Registry{}).Budget().lim; got != DefaultLimits {
		t.Errorf("defaults %+v", got)
	}
	big := make(Or, 10*DefaultLimits.MaxTerms)
	for i := range big {
		big[i] = Const(true)
	}
	if err := (&Registry{Limits: Limits{MaxTerms: -1}}).Budget().Filter(big); err != nil {
		t.Error(err)
	}
	if err := (&Registry{Limits: Limits{MaxRelationFilters: -1}}).Budget().Filter(Or{&EdgeFilter{}, &EdgeFilter{}}); err != nil {
		t.Error(err)
	}
	if err := (*Budget)(nil).Filter(big); err != nil {
		t.Error(err)
	}
}
