package resource

import (
	"context"
	"reflect"
	"testing"
	"time"

	"entgo.io/ent/dialect/sql"
)

// TestAggregate: aggregates over the rows of a plan (its filter, order and
// page apply), with canonical values and NULL for a sum of no rows.
func TestAggregate(t *testing.T) {
	f := newFixture(t)
	age, score, name := f.memberAge, f.memberScore, f.memberName
	all := []Agg{{Func: AggCount}, {Func: AggCount, Field: age}, {Func: AggSum, Field: age}, {Func: AggAvg, Field: age},
		{Func: AggMin, Field: name}, {Func: AggMax, Field: score}}
	tests := []struct {
		name string
		plan func(*Plan)
		aggs []Agg
		want []any
	}{
		{"every row", func(*Plan) {}, all, []any{int64(5), int64(3), int64(102), 34.0, "Eve", 9.5}},
		{"filtered", func(p *Plan) { p.Where = &Cmp{Field: f.active, Op: OpEQ, Value: true} }, all, []any{int64(3), int64(3), int64(102), 34.0, "ada", 9.5}},
		{"a page of an order", func(p *Plan) {
			p.Order, p.Limit = []Order{{Field: age, Desc: true}}, 2
		}, []Agg{{Func: AggSum, Field: age}, {Func: AggCount}}, []any{int64(77), int64(2)}},
		{"an offset", func(p *Plan) {
			p.Order, p.Offset = []Order{{Field: age, Desc: true}}, 3
		}, []Agg{{Func: AggSum, Field: age}, {Func: AggCount}}, []any{nil, int64(2)}},
		{"no row", func(p *Plan) { p.Where = Const(false) }, []Agg{{Func: AggCount}, {Func: AggSum, Field: score}, {Func: AggMin, Field: name}}, []any{int64(0), nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPlan(f.member)
			tt.plan(p)
			got, err := Aggregate(context.Background(), p, tt.aggs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
	t.Run("the read scope applies", func(t *testing.T) {
		f.ops[f.member].readScope = sql.FieldNotNull("team_id")
		defer func() { f.ops[f.member].readScope = nil }()
		got, err := Aggregate(context.Background(), NewPlan(f.member), []Agg{{Func: AggCount}})
		if err != nil || !reflect.DeepEqual(got, []any{int64(4)}) {
			t.Errorf("got %v, %v", got, err)
		}
	})
}

// TestGroupBy: GROUP BY with aggregates, HAVING on aggregates and on the
// grouped fields, orders by either, and a page of groups.
func TestGroupBy(t *testing.T) {
	f := newFixture(t)
	team, score := f.memberTeam, f.memberScore
	count, avg := Agg{Func: AggCount}, Agg{Func: AggAvg, Field: score}
	tests := []struct {
		name  string
		where Filter // the plan's
		g     GroupPlan
		want  [][]any
	}{
		{"by a nullable field", nil, GroupPlan{By: []*Field{team}, Aggs: []Agg{count, avg}, Order: []GroupOrder{{Field: team}}, Limit: -1},
			[][]any{{nil, int64(1), nil}, {int64(1), int64(2), 8.25}, {int64(2), int64(2), 7.0}}},
		{"the plan's filter applies, its page does not", &Cmp{Field: f.active, Op: OpEQ, Value: true}, GroupPlan{By: []*Field{team}, Aggs: []Agg{count}, Order: []GroupOrder{{Field: team}}, Limit: -1},
			[][]any{{int64(1), int64(1)}, {int64(2), int64(2)}}},
		{"having an aggregate", nil, GroupPlan{By: []*Field{team}, Aggs: []Agg{count}, Having: &AggCmp{Agg: count, Op: OpGT, Value: int64(1)}, Order: []GroupOrder{{Field: team}}, Limit: -1},
			[][]any{{int64(1), int64(2)}, {int64(2), int64(2)}}},
		{"having an aggregate in nothing", nil, GroupPlan{By: []*Field{team}, Having: &AggCmp{Agg: count, Op: OpIn, Value: []any{}}, Limit: -1},
			nil},
		{"having an aggregate not in nothing", nil, GroupPlan{By: []*Field{team}, Having: &AggCmp{Agg: count, Op: OpNotIn, Value: []any{}}, Order: []GroupOrder{{Field: team, Desc: true}}, Limit: -1},
			[][]any{{int64(2)}, {int64(1)}, {nil}}},
		{"having an aggregate in a list", nil, GroupPlan{By: []*Field{team}, Having: &AggCmp{Agg: count, Op: OpNotIn, Value: []any{int64(2)}}, Limit: -1},
			[][]any{{nil}}},
		{"having a grouped field", nil, GroupPlan{By: []*Field{team}, Aggs: []Agg{avg}, Having: &Cmp{Field: team, Op: OpEQ, Value: int64(2)}, Limit: -1},
			[][]any{{int64(2), 7.0}}},
		{"ordered by an aggregate: NULL last descending", nil, GroupPlan{By: []*Field{team}, Aggs: []Agg{avg}, Order: []GroupOrder{{Agg: &avg, Desc: true}}, Limit: -1},
			[][]any{{int64(1), 8.25}, {int64(2), 7.0}, {nil, nil}}},
		{"a page", nil, GroupPlan{By: []*Field{team}, Order: []GroupOrder{{Field: team, Nulls: NullsLast}}, Offset: 1, Limit: 1},
			[][]any{{int64(2)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPlan(f.member)
			p.Where = tt.where
			p.Order, p.Limit = []Order{{Field: f.memberName}}, 1 // ignored
			tt.g.Plan = p
			got, err := GroupBy(context.Background(), &tt.g)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// TestCountRelated: one GROUP BY per edge counts the readable related rows
// of every parent; a parent with none is absent.
func TestCountRelated(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		edge    *Edge
		where   Filter
		parents []any
		scope   Predicate // the target's read scope
		want    Counts
	}{
		{"one-to-many", f.membersEdge, nil, []any{int64(1), int64(2), int64(3)}, nil, Counts{int64(1): 2, int64(2): 2}},
		{"filtered", f.membersEdge, &Cmp{Field: f.active, Op: OpEQ, Value: true}, []any{int64(1), int64(2)}, nil, Counts{int64(1): 1, int64(2): 2}},
		{"many-to-many", f.skillsEdge, nil, []any{int64(1), int64(2), int64(3)}, nil, Counts{int64(1): 2, int64(2): 1}},
		{"many-to-many, inverse", f.skillMembers, nil, []any{int64(1), int64(2), int64(3)}, nil, Counts{int64(1): 2, int64(2): 2, int64(3): 1}},
		{"readable rows only", f.membersEdge, nil, []any{int64(1), int64(2)}, sql.FieldEQ("active", true), Counts{int64(1): 1, int64(2): 2}},
		{"no parents", f.membersEdge, nil, nil, nil, Counts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := f.ops[tt.edge.Target()]
			target.readScope = tt.scope
			defer func() { target.readScope = nil }()
			got, err := CountRelated(ctx, tt.edge, tt.where, tt.parents)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := CountRelated(ctx, f.teamEdge, nil, []any{int64(1)}); err == nil {
		t.Error("counting a to-one edge: no error")
	}
}

// TestScanValue: what drivers scan into an any becomes the canonical value
// of the field's kind.
func TestScanValue(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		kind Kind
		in   any
		want any
	}{
		{KindInt, int64(3), int64(3)},
		{KindInt, "3", int64(3)}, // PostgreSQL numeric sums as text
		{KindInt, []byte("12"), int64(12)},
		{KindInt, "3.0", int64(3)},
		{KindInt, 3.0, int64(3)},
		{KindUint, int64(7), uint64(7)},
		{KindUint, "7", uint64(7)},
		{KindFloat, int64(2), 2.0},
		{KindFloat, []byte("2.5"), 2.5}, // MySQL AVG
		{KindBool, int64(1), true},      // MySQL booleans
		{KindBool, int64(0), false},
		{KindBool, "t", true},
		{KindTime, "2026-01-02 03:04:05+00:00", at}, // SQLite MIN of a time
		{KindTime, "2026-01-02T03:04:05Z", at},
		{KindTime, at, at},
		{KindString, []byte("x"), "x"},
		{KindInt, nil, nil},
	}
	for _, tt := range tests {
		got := ScanValue(tt.kind, tt.in)
		if gt, ok := got.(time.Time); ok {
			if wt, ok := tt.want.(time.Time); !ok || !gt.Equal(wt) {
				t.Errorf("ScanValue(%v, %#v) = %v, want %v", tt.kind, tt.in, got, tt.want)
			}
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ScanValue(%v, %#v) = %#v, want %#v", tt.kind, tt.in, got, tt.want)
		}
	}
}
