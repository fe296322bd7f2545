package resource

import (
	"context"
	"slices"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestCompileOrderSQL: the ORDER BY term of each database. NULLs order as
// on SQLite everywhere (the smallest value) unless the order says where:
// PostgreSQL is told explicitly, MySQL, which has no NULLS FIRST/LAST, gets
// an "IS NULL" key; a column that cannot hold NULL gets no clause at all.
func TestCompileOrderSQL(t *testing.T) {
	name := NewField(FieldSpec{Name: "name", Column: "name", Kind: KindString})
	age := NewField(FieldSpec{Name: "age", Column: "age", Kind: KindInt, Nillable: true})
	tests := []struct {
		name              string
		order             Order
		sqlite, pg, mysql string
	}{
		{"NOT NULL column", Order{Field: name},
			"`members`.`name`", `"members"."name"`, "`members`.`name`"},
		{"NOT NULL column, descending", Order{Field: name, Desc: true, Nulls: NullsFirst},
			"`members`.`name` DESC", `"members"."name" DESC`, "`members`.`name` DESC"},
		{"nullable, default", Order{Field: age},
			"`members`.`age`", `"members"."age" NULLS FIRST`, "`members`.`age`"},
		{"nullable, default, descending", Order{Field: age, Desc: true},
			"`members`.`age` DESC", `"members"."age" DESC NULLS LAST`, "`members`.`age` DESC"},
		{"nulls last", Order{Field: age, Nulls: NullsLast},
			"`members`.`age` NULLS LAST", `"members"."age" NULLS LAST`, "`members`.`age` IS NULL, `members`.`age`"},
		{"nulls first, descending", Order{Field: age, Desc: true, Nulls: NullsFirst},
			"`members`.`age` DESC NULLS FIRST", `"members"."age" DESC NULLS FIRST`, "`members`.`age` IS NULL DESC, `members`.`age` DESC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for d, want := range map[string]string{dialect.SQLite: tt.sqlite, dialect.Postgres: tt.pg, dialect.MySQL: tt.mysql} {
				q, _ := render(d, CompileOrder(context.Background(), tt.order))
				_, got, _ := strings.Cut(q, " ORDER BY ")
				if got != want {
					t.Errorf("%s: got %s, want %s", d, got, want)
				}
			}
		})
	}
}

// TestCompileOrder runs orders on the fixture: NULL placement, orders
// through a to-one relation and by relation counts, where rows the viewer
// cannot read sort as NULL or are not counted.
func TestCompileOrder(t *testing.T) {
	f := newFixture(t)
	age, score, name := f.memberAge, f.memberScore, f.memberName
	teamName := f.team.Fields()[0]
	tests := []struct {
		name   string
		orders []Order
		want   []int64
	}{
		{"ascending: NULLs first", []Order{{Field: age}}, []int64{2, 5, 3, 1, 4}},
		{"descending: NULLs last", []Order{{Field: age, Desc: true}}, []int64{4, 1, 3, 5, 2}},
		{"nulls last", []Order{{Field: age, Nulls: NullsLast}}, []int64{3, 1, 4, 2, 5}},
		{"descending, nulls first", []Order{{Field: age, Desc: true, Nulls: NullsFirst}}, []int64{5, 2, 4, 1, 3}},
		{"two keys (NULLs last; binary collation: E < c)", []Order{{Field: score, Desc: true}, {Field: name}}, []int64{1, 2, 4, 5, 3}},
		{"through a to-one", []Order{{Path: []*Edge{f.teamEdge}, Field: teamName}}, []int64{5, 3, 4, 1, 2}},
		{"through a to-one, nulls last", []Order{{Path: []*Edge{f.teamEdge}, Field: teamName, Nulls: NullsLast}}, []int64{3, 4, 1, 2, 5}},
		{"through a to-one, then a field", []Order{{Path: []*Edge{f.teamEdge}, Field: teamName, Desc: true}, {Field: name, Desc: true}}, []int64{2, 1, 4, 3, 5}},
		{"by relation count", []Order{{Count: f.skillsEdge, Desc: true}}, []int64{4, 1, 2, 5, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := NewPlan(f.member)
			p.Order = tt.orders
			res, err := Find(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			if got := rowIDs(res.Rows); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}

	t.Run("hidden rows", func(t *testing.T) {
		// The viewer reads the red team only, the sql skill only, and the
		// scores of active members.
		f.ops[f.team].readScope = sql.FieldEQ("name", "red")
		f.ops[f.skill].readScope = sql.FieldEQ("name", "sql")
		f.ops[f.member].fieldScopes = map[int]Predicate{score.Index(): FieldEQ("active", true)}
		defer func() { f.ops[f.team].readScope, f.ops[f.skill].readScope, f.ops[f.member].fieldScopes = nil, nil, nil }()
		for _, tt := range []struct {
			name   string
			orders []Order
			want   []int64
		}{
			{"a hidden team sorts as NULL", []Order{{Path: []*Edge{f.teamEdge}, Field: teamName, Nulls: NullsLast}}, []int64{1, 2, 3, 4, 5}},
			{"hidden skills are not counted", []Order{{Count: f.skillsEdge, Desc: true}}, []int64{4, 1, 5, 3, 2}},
			{"a hidden value sorts as NULL", []Order{{Field: score, Desc: true}}, []int64{1, 4, 5, 3, 2}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				p := NewPlan(f.member)
				p.Order = tt.orders
				res, err := Find(context.Background(), p)
				if err != nil {
					t.Fatal(err)
				}
				if got := rowIDs(res.Rows); !slices.Equal(got, tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			})
		}
	})
}

// TestOrdersTieBreak: Find breaks ties by id in the direction of the last
// key (stable pages; an index on the last key stays usable), and adds
// nothing when the order already ends with the id.
func TestOrdersTieBreak(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		orders []Order
		want   string
	}{
		{nil, "`members`.`id`"},
		{[]Order{{Field: f.memberName, Desc: true}}, "`members`.`name` DESC, `members`.`id` DESC"},
		{[]Order{{Field: f.member.ID(), Desc: true}, {Field: f.memberName}}, "`members`.`id` DESC"},
	}
	for _, tt := range tests {
		p := NewPlan(f.member)
		p.Order = tt.orders
		q := f.member.Ops().Query(context.Background()).(*fakeQuery)
		q.Order(orders(context.Background(), p.Model, p.Order)...)
		s, _ := q.sql()
		if _, got, _ := strings.Cut(s, " ORDER BY "); got != tt.want {
			t.Errorf("orders %v: ORDER BY %s, want %s", tt.orders, got, tt.want)
		}
	}
}
