package resource

import (
	"context"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// TestScanHints: a text test marks the count for a scan, and the rows
// query too unless an explicit sort may follow an index.
func TestScanHints(t *testing.T) {
	f := newFixture(t)
	cmp := func(fl *Field, op Op, v any) *Cmp { return &Cmp{Field: fl, Op: op, Value: v} }
	contains := cmp(f.memberName, OpContains, "a")
	tests := []struct {
		name        string
		where       Filter
		order       []Order
		count, rows bool
	}{
		{"no filter", nil, nil, false, false},
		{"an equality", cmp(f.active, OpEQ, true), nil, false, false},
		{"a range", cmp(f.memberAge, OpGT, int64(3)), nil, false, false},
		{"contains", contains, nil, true, true},
		{"startsWith", cmp(f.memberName, OpStartsWith, "a"), nil, true, true},
		{"search", cmp(f.memberName, OpSearch, "a b"), nil, true, true},
		{"a folded equality", &Cmp{Field: f.memberName, Op: OpEQ, Value: "A", Fold: true}, nil, true, true},
		{"in an And", And{cmp(f.active, OpEQ, true), contains}, nil, true, true},
		{"in an Or", Or{cmp(f.memberAge, OpEQ, int64(1)), contains}, nil, true, true},
		{"under a Not", Not{contains}, nil, true, true},
		{"inside a relation filter: the sub-query's", &EdgeFilter{Edge: f.teamEdge, Mode: Some, Where: cmp(f.team.Fields()[0], OpContains, "b")}, nil, false, false},
		{"in id order", contains, []Order{{Field: f.member.ID(), Desc: true}}, true, true},
		{"sorted by a field", contains, []Order{{Field: f.memberAge}}, true, false},
		{"sorted by a related field", contains, []Order{{Path: []*Edge{f.teamEdge}, Field: f.team.ID()}}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if count, rows := scanHints(f.member, tt.order, tt.where); count != tt.count || rows != tt.rows {
				t.Errorf("scanHints = %v, %v; want %v, %v", count, rows, tt.count, tt.rows)
			}
		})
	}
}

// TestFieldEQScan: in a query marked for a scan, a boolean equality is
// `+column = ?` on SQLite (no index is chosen for it); on PostgreSQL a
// boolean is always a literal (a generic plan sees the value); other
// equalities keep their index and their parameter.
func TestFieldEQScan(t *testing.T) {
	tests := []struct {
		dialect string
		value   any
		marked  bool
		want    string
	}{
		{dialect.SQLite, true, false, "SELECT * FROM `members` WHERE `members`.`active` = ?"},
		{dialect.SQLite, true, true, "SELECT * FROM `members` WHERE +`members`.`active` = ?"},
		{dialect.SQLite, int64(2), true, "SELECT * FROM `members` WHERE `members`.`active` = ?"},
		{dialect.Postgres, true, true, `SELECT * FROM "members" WHERE "members"."active" = true`},
		{dialect.Postgres, false, false, `SELECT * FROM "members" WHERE "members"."active" = false`},
		{dialect.Postgres, int64(2), true, `SELECT * FROM "members" WHERE "members"."active" = $1`},
		{dialect.MySQL, false, true, "SELECT * FROM `members` WHERE `members`.`active` = ?"},
	}
	for _, tt := range tests {
		p := FieldEQ("active", tt.value)
		if tt.marked {
			p = func(s *sql.Selector) { FieldEQ("active", tt.value)(s); markScan(s) }
		}
		if got, _ := render(tt.dialect, p); got != tt.want {
			t.Errorf("%s %v marked=%v: got %s, want %s", tt.dialect, tt.value, tt.marked, got, tt.want)
		}
	}
}

// TestFindScan: Find marks the count and the rows query of a text search,
// and the policy's boolean term (the read scope) follows the mark.
func TestFindScan(t *testing.T) {
	f := newFixture(t)
	ops := f.ops[f.member]
	ops.readScope = FieldEQ("active", true)
	defer func() { ops.readScope = nil }()
	p := NewPlan(f.member)
	// a full page: the total takes a COUNT
	p.Where, p.Limit, p.Total = &Cmp{Field: f.memberName, Op: OpContains, Value: "e"}, 1, true
	f.log.reset()
	res, err := Find(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	stmts := f.log.reset()
	if got := rowIDs(res.Rows); len(got) != 1 || got[0] != 4 || res.Total != 1 {
		t.Errorf("got %v total %d, want [4] total 1", got, res.Total)
	}
	for _, s := range stmts {
		if !strings.Contains(s, "+`members`.`active` = ?") {
			t.Errorf("not marked for a scan: %s", s)
		}
	}
	if len(stmts) != 2 {
		t.Errorf("%d statements, want 2", len(stmts))
	}
}
