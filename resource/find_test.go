package resource

import (
	"context"

	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestFind: the rows of a plan, its page and meta.total, in as few
// statements as possible.
func TestFind(t *testing.T) {
	f := newFixture(t)
	active := &Cmp{Field: f.active, Op: OpEQ, Value: true}
	tests := []struct {
		name  string
		plan  func(*Plan)
		ids   []int64
		total int
		stmts int
	}{
		{"everything", func(*Plan) {}, []int64{1, 2, 3, 4, 5}, -1, 1},
		{"a page with its total", func(p *Plan) { p.Where, p.Offset, p.Limit, p.Total = active, 1, 1, true }, []int64{3}, 3, 2},
		{"a full page: counted", func(p *Plan) { p.Where, p.Offset, p.Limit, p.Total = active, 1, 2, true }, []int64{3, 4}, 3, 2},
		{"a page that ends early tells the total", func(p *Plan) { p.Where, p.Offset, p.Limit, p.Total = active, 1, 5, true }, []int64{3, 4}, 3, 1},
		{"all rows tell the total", func(p *Plan) { p.Where, p.Total = active, true }, []int64{1, 3, 4}, 3, 1},
		{"a page past the end: counted", func(p *Plan) { p.Where, p.Offset, p.Total = active, 3, true }, []int64{}, 3, 2},
		{"limit 0: counted", func(p *Plan) { p.Where, p.Limit, p.Total = active, 0, true }, []int64{}, 3, 2},
		{"nothing matches", func(p *Plan) { p.Where, p.Total = Const(false), true }, []int64{}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPlan(f.member)
			tt.plan(p)
			f.log.reset()
			res, err := Find(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			stmts := f.log.reset()
			if got := rowIDs(res.Rows); !slices.Equal(got, tt.ids) || res.Total != tt.total || len(stmts) != tt.stmts {
				t.Errorf("got %v total %d in %d statements, want %v total %d in %d:\n%s", got, res.Total, len(stmts), tt.ids, tt.total, tt.stmts, strings.Join(stmts, "\n"))
			}
		})
	}
}

// TestFindOrderPinnedID: a filter that pins the id (alone or in a
// top-level And) selects at most one row and gets no ORDER BY; any other
// filter keeps the order with its id tie-breaker.
func TestFindOrderPinnedID(t *testing.T) {
	f := newFixture(t)
	id := func(v int64) *Cmp { return &Cmp{Field: f.member.ID(), Op: OpEQ, Value: v} }
	active := &Cmp{Field: f.active, Op: OpEQ, Value: true}
	tests := []struct {
		name    string
		where   Filter
		ordered bool
		ids     []int64
	}{
		{"id = v", id(3), false, []int64{3}},
		{"id = v in an And", And{active, id(3)}, false, []int64{3}},
		{"no filter", nil, true, []int64{1, 2, 3, 4, 5}},
		{"id = v under an Or", Or{id(3), id(4)}, true, []int64{3, 4}},
		{"id = v negated", Not{id(3)}, true, []int64{1, 2, 4, 5}},
		{"id in (…)", &Cmp{Field: f.member.ID(), Op: OpIn, Value: []any{int64(4), int64(3)}}, true, []int64{3, 4}},
		{"another field = v", active, true, []int64{1, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPlan(f.member)
			p.Where = tt.where
			f.log.reset()
			res, err := Find(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			stmt := f.log.reset()[0]
			if got := strings.Contains(stmt, "ORDER BY"); got != tt.ordered {
				t.Errorf("ORDER BY in the statement: %v, want %v: %s", got, tt.ordered, stmt)
			}
			if got := rowIDs(res.Rows); !slices.Equal(got, tt.ids) {
				t.Errorf("got %v, want %v", got, tt.ids)
			}
		})
	}
}

// TestFindImpliedTerms: a request filter equal to a term the read scope
// ANDs at its top level is not repeated; other filters are kept.
func TestFindImpliedTerms(t *testing.T) {
	f := newFixture(t)
	active := func(v bool) *Cmp { return &Cmp{Field: f.active, Op: OpEQ, Value: v} }
	team := func(v int64) *Cmp { return &Cmp{Field: f.memberTeam, Op: OpEQ, Value: v} }
	tests := []struct {
		name   string
		term   Term // the scope is column = value
		where  Filter
		column string // tested by the statement …
		times  int    // … this many times
		ids    []int64
	}{
		{"the term alone", Term{"active", true}, active(true), "active", 1, []int64{1, 3, 4}},
		{"in an And", Term{"active", true}, And{active(true), team(2)}, "active", 1, []int64{3, 4}},
		{"a Go int term, a canonical int64 value", Term{"team_id", 2}, team(2), "team_id", 1, []int64{3, 4}},
		{"another value is kept", Term{"active", true}, active(false), "active", 2, []int64{}},
		{"under an Or it is kept", Term{"active", true}, Or{active(true)}, "active", 2, []int64{1, 3, 4}},
		{"a folded comparison is kept", Term{"active", true}, &Cmp{Field: f.active, Op: OpEQ, Value: true, Fold: true}, "active", 2, []int64{1, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ops := f.ops[f.member]
			ops.readScope, ops.terms = FieldEQ(tt.term.Column, tt.term.Value), []Term{tt.term}
			defer func() { ops.readScope, ops.terms = nil, nil }()
			p := NewPlan(f.member)
			p.Where = tt.where
			f.log.reset()
			res, err := Find(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			stmt := f.log.reset()[0]
			if n := strings.Count(stmt, "`"+tt.column+"` = "); n != tt.times {
				t.Errorf("%s tested %d times, want %d: %s", tt.column, n, tt.times, stmt)
			}
			if got := rowIDs(res.Rows); !slices.Equal(got, tt.ids) {
				t.Errorf("got %v, want %v", got, tt.ids)
			}
		})
	}
}

// TestFindIncludes: an include configures the eager load of its edge: the
// related rows' filter, order (with the id tie-breaker), a page per parent
// (a window partitioned by the parent key) and the includes below it.
func TestFindIncludes(t *testing.T) {
	f := newFixture(t)
	p := NewPlan(f.team)
	members := p.IncludeEdge(f.membersEdge)
	members.Plan.Where = &Cmp{Field: f.active, Op: OpEQ, Value: true}
	members.Plan.Order = []Order{{Field: f.memberAge, Desc: true}}
	members.Plan.Offset, members.Plan.Limit = 1, 2
	skills := members.Plan.IncludeEdge(f.skillsEdge)
	skills.Plan.Limit = 1
	members.Plan.IncludeEdge(f.teamEdge) // to-one: no order, no page
	if p.IncludeEdge(f.membersEdge) != members {
		t.Fatal("IncludeEdge added a second include of the same edge")
	}
	if _, err := Find(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	// Find ran the parent query; the includes were configured on it.
	q := f.ops[f.team].last
	if len(q.includes) != 1 || q.includes[0].edge != f.membersEdge.Index() {
		t.Fatalf("includes: %+v", q.includes)
	}
	mq := q.includes[0].query
	got, _ := mq.sql()
	for _, want := range []string{
		"`members`.`active` = ?",
		"ROW_NUMBER() OVER (PARTITION BY `team_id` ORDER BY `age` DESC, `id` DESC)",
		"`row_number` > ?", // the offset
		"ORDER BY `members`.`age` DESC, `members`.`id` DESC",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("members include lacks %s:\n%s", want, got)
		}
	}
	if len(mq.includes) != 2 {
		t.Fatalf("nested includes: %+v", mq.includes)
	}
	sq, _ := mq.includes[0].query.sql()
	if !strings.Contains(sq, "PARTITION BY `member_id`") {
		t.Errorf("the skills of each member are paged by member: %s", sq)
	}
	tq := mq.includes[1].query
	if len(tq.orders) != 0 || len(tq.mods) != 0 {
		t.Errorf("a to-one include is neither ordered nor paged: %d orders, %d modifiers", len(tq.orders), len(tq.mods))
	}
}

// TestCursorPages: cursor pages (the last row of a page as the cursor,
// skip 1) walk every row once, in order, NULLs included, forwards and
// backwards.
func TestCursorPages(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for _, orders := range [][]Order{
		nil,
		{{Field: f.memberAge}},
		{{Field: f.memberAge, Desc: true}},
		{{Field: f.memberScore, Nulls: NullsLast}, {Field: f.memberName, Desc: true}},
		{{Field: f.memberScore, Desc: true, Nulls: NullsFirst}},
		{{Path: []*Edge{f.teamEdge}, Field: f.team.Fields()[0], Desc: true}, {Field: f.memberScore}},
		{{Count: f.skillsEdge}},
		{{Field: f.active}, {Field: f.memberAge}, {Field: f.active, Desc: true}},
	} {
		p := NewPlan(f.member)
		p.Order = orders
		res, err := Find(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		want := rowIDs(res.Rows)
		for _, backwards := range []bool{false, true} {
			walked := []int64{want[0]}
			if backwards {
				walked = []int64{want[len(want)-1]}
			}
			for len(walked) <= len(want) {
				p := NewPlan(f.member)
				p.Order, p.Offset, p.Limit, p.Backwards = orders, 1, 2, backwards
				p.Cursor = &Cmp{Field: f.member.ID(), Op: OpEQ, Value: walked[len(walked)-1]}
				if backwards {
					p.Cursor = &Cmp{Field: f.member.ID(), Op: OpEQ, Value: walked[0]}
				}
				page, err := Find(ctx, p)
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Rows) == 0 {
					break
				}
				if backwards {
					walked = append(rowIDs(page.Rows), walked...)
				} else {
					walked = append(walked, rowIDs(page.Rows)...)
				}
			}
			if !slices.Equal(walked, want) {
				t.Errorf("orders %v, backwards %v: pages walk %v, the order is %v", orders, backwards, walked, want)
			}
		}
	}
}

// TestCursor: the rows from the cursor row on; none for a cursor that
// selects no row; a hidden field compares as NULL, as it sorts.
func TestCursor(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	id := func(v int64) Filter { return &Cmp{Field: f.member.ID(), Op: OpEQ, Value: v} }
	tests := []struct {
		name      string
		order     []Order
		cursor    Filter
		backwards bool
		limit     int
		hideAge   bool
		want      []int64
	}{
		{"by id", nil, id(3), false, -1, false, []int64{3, 4, 5}},
		{"backwards by id", nil, id(3), true, 2, false, []int64{2, 3}},
		{"by a unique field", nil, &Cmp{Field: f.memberName, Op: OpEQ, Value: "dee"}, false, -1, false, []int64{4, 5}},
		{"no such row", nil, id(9), false, -1, false, []int64{}},
		{"by age, NULLs first", []Order{{Field: f.memberAge}}, id(5), false, -1, false, []int64{5, 3, 1, 4}},
		{"by age descending, NULLs last, ties by id descending", []Order{{Field: f.memberAge, Desc: true}}, id(1), false, -1, false, []int64{1, 3, 5, 2}},
		{"by age from a NULL", []Order{{Field: f.memberAge, Desc: true}}, id(5), false, -1, false, []int64{5, 2}},
		{"backwards by age", []Order{{Field: f.memberAge}}, id(1), true, 3, false, []int64{5, 3, 1}},
		// Hidden ages (all but ada's, 36) sort as NULL: the cursor on
		// cy (25, hidden) starts among the NULLs, by id.
		{"by a hidden age", []Order{{Field: f.memberAge}}, id(3), false, -1, true, []int64{3, 4, 5, 1}},
		{"by the team's name", []Order{{Path: []*Edge{f.teamEdge}, Field: f.team.Fields()[0]}}, id(3), false, -1, false, []int64{3, 4, 1, 2}},
		{"by the number of skills", []Order{{Count: f.skillsEdge, Desc: true}}, id(2), false, -1, false, []int64{2, 5, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.hideAge {
				f.ops[f.member].fieldScopes = map[int]Predicate{f.memberAge.Index(): FieldEQ("name", "ada")}
				defer func() { f.ops[f.member].fieldScopes = nil }()
			}
			p := NewPlan(f.member)
			p.Order, p.Cursor, p.Backwards, p.Limit = tt.order, tt.cursor, tt.backwards, tt.limit
			res, err := Find(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowIDs(res.Rows); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestDistinct keeps the first row of each combination of values in the
// order given; the read scope applies to the rows that compete.
func TestDistinct(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		where  Filter
		fields []*Field
		orders []Order
		scope  Predicate
		want   []int64
	}{
		{"first by id", nil, []*Field{f.memberTeam}, nil, nil, []int64{1, 3, 5}},
		{"first by age, descending", nil, []*Field{f.memberTeam}, []Order{{Field: f.memberAge, Desc: true}}, nil, []int64{1, 4, 5}},
		{"two fields", nil, []*Field{f.memberTeam, f.active}, nil, nil, []int64{1, 2, 3, 5}},
		{"filtered first", &Cmp{Field: f.memberName, Op: OpNEQ, Value: "ada"}, []*Field{f.memberTeam}, nil, nil, []int64{2, 3, 5}},
		{"readable rows compete", nil, []*Field{f.memberTeam}, nil, FieldEQ("active", false), []int64{2, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.ops[f.member].readScope = tt.scope
			defer func() { f.ops[f.member].readScope = nil }()
			if got := f.ids(t, f.member, Distinct(ctx, f.member, tt.where, tt.fields, tt.orders)); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWindowOrder: the windows that pick the first rows of each parent
// (an include's page) or of each combination (distinct) rank rows in the
// order the list shows them, NULL placement included: on PostgreSQL, whose
// NULLs sort last ascending, a descending window on a nullable column must
// say NULLS LAST, or it picks a NULL row that the list shows last.
func TestWindowOrder(t *testing.T) {
	f := newFixture(t)
	age := f.memberAge
	for _, tt := range []struct {
		dialect           string
		include, distinct string
	}{
		{dialect.Postgres, `ORDER BY "age" DESC NULLS LAST, "id" DESC`, `ORDER BY "d0"."age" DESC NULLS LAST, "d0"."id" DESC`},
		{dialect.MySQL, "ORDER BY `age` DESC, `id` DESC", "ORDER BY `d0`.`age` DESC, `d0`.`id` DESC"},
	} {
		q := &fakeQuery{ops: f.ops[f.member], limit: -1}
		p := NewPlan(f.member)
		p.Order, p.Limit = []Order{{Field: age, Desc: true}}, 1
		pagePerParent(context.Background(), q, &Include{Edge: f.membersEdge, Plan: p}, &view{order: p.Order})
		s := sql.Dialect(tt.dialect).Select("*").From(sql.Table("members"))
		q.mods[0](s)
		if got, _ := s.Query(); !strings.Contains(got, tt.include) {
			t.Errorf("%s include window: %s, want %s", tt.dialect, got, tt.include)
		}
		s = sql.Dialect(tt.dialect).Select("*").From(sql.Table("members"))
		Compile(context.Background(), f.member, Distinct(context.Background(), f.member, nil, []*Field{f.memberTeam}, p.Order))(s)
		if got, _ := s.Query(); !strings.Contains(got, tt.distinct) {
			t.Errorf("%s distinct window: %s, want %s", tt.dialect, got, tt.distinct)
		}
	}
}
