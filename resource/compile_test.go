package resource

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestCompile runs every kind of filter node on the fixture (SQLite) and
// checks the rows it matches.
func TestCompile(t *testing.T) {
	f := newFixture(t)
	name, age, score, active, team := f.memberName, f.memberAge, f.memberScore, f.active, f.memberTeam
	cmp := func(fl *Field, op Op, v any) *Cmp { return &Cmp{Field: fl, Op: op, Value: v} }
	fold := func(c *Cmp) *Cmp { c.Fold = true; return c }
	tests := []struct {
		name   string
		filter Filter
		want   []int64
	}{
		{"nil: every row", nil, []int64{1, 2, 3, 4, 5}},
		{"equals", cmp(name, OpEQ, "bob"), []int64{2}},
		{"equals a boolean", cmp(active, OpEQ, true), []int64{1, 3, 4}},
		{"equals nil is IS NULL", cmp(age, OpEQ, nil), []int64{2, 5}},
		{"equals, folded", fold(cmp(name, OpEQ, "EVE")), []int64{5}},
		{"not equals skips NULLs (Prisma)", cmp(age, OpNEQ, int64(36)), []int64{3, 4}},
		{"not equals nil is IS NOT NULL", cmp(age, OpNEQ, nil), []int64{1, 3, 4}},
		{"not equals, folded", fold(cmp(name, OpNEQ, "EVE")), []int64{1, 2, 3, 4}},
		{"lt", cmp(age, OpLT, int64(36)), []int64{3}},
		{"lte", cmp(age, OpLTE, int64(36)), []int64{1, 3}},
		{"gt", cmp(score, OpGT, 7.0), []int64{1}},
		{"gte", cmp(score, OpGTE, 7.0), []int64{1, 2, 4}},
		{"in", cmp(name, OpIn, []any{"ada", "cy", "zed"}), []int64{1, 3}},
		{"in nothing matches nothing", cmp(name, OpIn, []any{}), []int64{}},
		{"in, folded", fold(cmp(name, OpIn, []any{"ADA", "eve"})), []int64{1, 5}},
		{"not in", cmp(team, OpNotIn, []any{int64(1)}), []int64{3, 4}},
		{"not in nothing matches all", cmp(team, OpNotIn, []any{}), []int64{1, 2, 3, 4, 5}},
		{"contains is case-sensitive", cmp(name, OpContains, "E"), []int64{5}},
		{"contains, folded", fold(cmp(name, OpContains, "E")), []int64{4, 5}},
		{"contains empty: any non-NULL", cmp(name, OpContains, ""), []int64{1, 2, 3, 4, 5}},
		{"startsWith", cmp(name, OpStartsWith, "E"), []int64{5}},
		{"startsWith, folded", fold(cmp(name, OpStartsWith, "e")), []int64{5}},
		{"endsWith", cmp(name, OpEndsWith, "e"), []int64{4, 5}},
		{"endsWith, folded", fold(cmp(name, OpEndsWith, "E")), []int64{4, 5}},
		{"LIKE wildcards are text", cmp(name, OpContains, "%"), []int64{}},
		{"search: every term, any case", cmp(name, OpSearch, " D  e "), []int64{4}},
		{"search nothing: all", cmp(name, OpSearch, " "), []int64{1, 2, 3, 4, 5}},
		{"is null", cmp(score, OpIsNull, true), []int64{3, 5}},
		{"is not null", cmp(score, OpIsNull, false), []int64{1, 2, 4}},
		{"and", And{cmp(active, OpEQ, true), cmp(team, OpEQ, int64(2))}, []int64{3, 4}},
		{"empty and: all", And{}, []int64{1, 2, 3, 4, 5}},
		{"or", Or{cmp(name, OpEQ, "ada"), cmp(age, OpEQ, nil)}, []int64{1, 2, 5}},
		{"empty or: none", Or{}, []int64{}},
		{"not", Not{cmp(active, OpEQ, true)}, []int64{2, 5}},
		{"not of nothing: none", Not{nil}, []int64{}},
		{"true", Const(true), []int64{1, 2, 3, 4, 5}},
		{"false", Const(false), []int64{}},
		{"raw", Raw(sql.FieldGT("id", 3)), []int64{4, 5}},
		{"nil raw: all", Raw(nil), []int64{1, 2, 3, 4, 5}},
		// relations
		{"to-one: is", &EdgeFilter{Edge: f.teamEdge, Mode: Some, Where: cmp(f.team.Fields()[0], OpEQ, "blue")}, []int64{3, 4}},
		{"to-one: isNot", &EdgeFilter{Edge: f.teamEdge, Mode: None, Where: cmp(f.team.Fields()[0], OpEQ, "blue")}, []int64{1, 2, 5}},
		{"to-one: exists", &EdgeFilter{Edge: f.teamEdge, Mode: Some}, []int64{1, 2, 3, 4}},
		{"to-one: does not exist", &EdgeFilter{Edge: f.teamEdge, Mode: None}, []int64{5}},
		{"m2m: some", &EdgeFilter{Edge: f.skillsEdge, Mode: Some, Where: cmp(f.skill.Fields()[0], OpEQ, "sql")}, []int64{1, 4}},
		{"m2m: every (vacuous for none)", &EdgeFilter{Edge: f.skillsEdge, Mode: Every, Where: cmp(f.skill.Fields()[0], OpEQ, "go")}, []int64{2, 3, 5}},
		{"m2m: every without a condition", &EdgeFilter{Edge: f.skillsEdge, Mode: Every}, []int64{1, 2, 3, 4, 5}},
		{"m2m: none", &EdgeFilter{Edge: f.skillsEdge, Mode: None, Where: cmp(f.skill.Fields()[0], OpEQ, "go")}, []int64{3, 4, 5}},
		{"m2m: none at all", &EdgeFilter{Edge: f.skillsEdge, Mode: None}, []int64{3, 5}},
		{"two levels", &EdgeFilter{Edge: f.teamEdge, Mode: Some, Where: &EdgeFilter{Edge: f.membersEdge, Mode: Some, Where: cmp(age, OpEQ, nil)}}, []int64{1, 2}},
		{"related to a parent (FK on the target)", RelatedTo(f.membersEdge, int64(2)), []int64{3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := f.ids(t, f.member, tt.filter); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("related to a parent through a join table", func(t *testing.T) {
		if got := f.ids(t, f.skill, RelatedTo(f.skillsEdge, int64(4))); !slices.Equal(got, []int64{2, 3}) {
			t.Errorf("got %v", got)
		}
		if got := f.ids(t, f.team, RelatedTo(f.teamEdge, int64(3))); !slices.Equal(got, []int64{2}) {
			t.Errorf("the team of member 3: %v", got)
		}
	})
}

// TestCompileScopes: a relation filter sees only the related rows the
// viewer may read (the target's read scope), and a comparison on a field
// with a field-level read rule matches only where the viewer may read it.
func TestCompileScopes(t *testing.T) {
	f := newFixture(t)
	// The viewer reads the blue team only, and the age of active members.
	f.ops[f.team].readScope = sql.FieldEQ("name", "blue")
	f.ops[f.member].fieldScopes = map[int]Predicate{f.memberAge.Index(): FieldEQ("active", true)}
	tests := []struct {
		name   string
		filter Filter
		want   []int64
	}{
		{"a relation filter skips hidden rows", &EdgeFilter{Edge: f.teamEdge, Mode: Some}, []int64{3, 4}},
		{"so does none", &EdgeFilter{Edge: f.teamEdge, Mode: None}, []int64{1, 2, 5}},
		{"a hidden value never matches", &Cmp{Field: f.memberAge, Op: OpIsNull, Value: true}, []int64{}},
		{"a readable one does", &Cmp{Field: f.memberAge, Op: OpGT, Value: int64(30)}, []int64{1, 4}},
		{"nor does its negation", Not{&Cmp{Field: f.memberAge, Op: OpGT, Value: int64(30)}}, []int64{2, 3, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := f.ids(t, f.member, tt.filter); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCompileStringMatch: case-sensitive string operators get SQL of each
// database's own (LIKE is case-insensitive on SQLite and on MySQL's _ci
// collations), with LIKE's and GLOB's wildcards escaped.
func TestCompileStringMatch(t *testing.T) {
	name := NewField(FieldSpec{Name: "name", Column: "name", Kind: KindString})
	tests := []struct {
		dialect string
		op      Op
		value   string
		sql     string
		args    []any
	}{
		{dialect.SQLite, OpContains, "a%b", "SELECT * FROM `members` WHERE `members`.`name` GLOB ?", []any{"*a%b*"}},
		{dialect.SQLite, OpContains, "a*b?c[d]", "SELECT * FROM `members` WHERE `members`.`name` GLOB ?", []any{"*a[*]b[?]c[[]d]*"}},
		{dialect.SQLite, OpStartsWith, "ée", "SELECT * FROM `members` WHERE `members`.`name` GLOB ?", []any{"ée*"}},
		{dialect.SQLite, OpEndsWith, "ée", "SELECT * FROM `members` WHERE `members`.`name` GLOB ?", []any{"*ée"}},
		{dialect.MySQL, OpContains, `a%b_c\`, "SELECT * FROM `members` WHERE `members`.`name` LIKE BINARY ?", []any{`%a\%b\_c\\%`}},
		{dialect.MySQL, OpStartsWith, "a", "SELECT * FROM `members` WHERE `members`.`name` LIKE BINARY ?", []any{"a%"}},
		{dialect.Postgres, OpEndsWith, "_a", `SELECT * FROM "members" WHERE "members"."name" LIKE $1`, []any{`%\_a`}},
		{dialect.Postgres, OpContains, "", `SELECT * FROM "members" WHERE "members"."name" IS NOT NULL`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.dialect+" "+tt.op.String()+" "+tt.value, func(t *testing.T) {
			q, args := render(tt.dialect, Compile(context.Background(), nil, &Cmp{Field: name, Op: tt.op, Value: tt.value}))
			if q != tt.sql || !slices.Equal(args, tt.args) {
				t.Errorf("got  %s %v\nwant %s %v", q, args, tt.sql, tt.args)
			}
		})
	}
}

// TestCompileBooleanEquality: a boolean equality is "column = ?", not Ent's
// bare "WHERE column", which keeps SQLite off an index starting with it.
func TestCompileBooleanEquality(t *testing.T) {
	active := NewField(FieldSpec{Name: "active", Column: "active", Kind: KindBool})
	q, args := render(dialect.SQLite, Compile(context.Background(), nil, &Cmp{Field: active, Op: OpEQ, Value: true}))
	if want := "SELECT * FROM `members` WHERE `members`.`active` = ?"; q != want || len(args) != 1 || args[0] != true {
		t.Errorf("got %s %v, want %s [true]", q, args, want)
	}
}

func TestAndOf(t *testing.T) {
	a, b := Const(true), Const(false)
	tests := []struct {
		in   []Filter
		want Filter
	}{
		{nil, nil},
		{[]Filter{nil, nil}, nil},
		{[]Filter{a}, a},
		{[]Filter{nil, a, nil}, a},
		{[]Filter{a, And{b, a}}, And{a, b, a}},
		{[]Filter{And{}, b}, b},
	}
	for _, tt := range tests {
		if got := AndOf(tt.in...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("AndOf(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
