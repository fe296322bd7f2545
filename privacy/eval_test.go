package privacy

import (
	"testing"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/resource"
)

// TestEval: a condition decided in Go on a row agrees with the SQL it
// renders, or says it cannot decide (no, below: the database must).
func TestEval(t *testing.T) {
	type role string
	now := time.Now()
	row := resource.Values(func(column string) (any, bool) {
		v, ok := map[string]any{
			"id": 7, "author_id": 2, "editor_id": nil, "published": false, "views": int64(40),
			"title": "Go", "role": role("ADMIN"), "created_at": now, "uid": [16]byte{1}, "score": 1.5,
		}[column]
		return v, ok
	})
	raw := P(func(s *sql.Selector) {})
	const (
		yes = iota
		no
		cannot
	)
	for _, c := range []struct {
		name string
		cond Cond
		want int
	}{
		{"constant true", True, yes},
		{"constant false", False, no},
		{"int ==", Cmp("author_id", EQ, 2), yes},
		{"int !=", Cmp("author_id", NEQ, 2), no},
		{"int64 <", Cmp("views", LT, int64(41)), yes},
		{"int64 >=", Cmp("views", GTE, int64(41)), no},
		{"bool ==", Cmp("published", EQ, true), no},
		{"bool truthy", Truthy("published"), no},
		{"null == value is false", Cmp("editor_id", EQ, 2), no},
		{"null != value is false", Cmp("editor_id", NEQ, 2), no},
		{"not of a null comparison holds (IS NOT TRUE)", Not(Cmp("editor_id", EQ, 2)), yes},
		{"is null", CmpNull("editor_id", EQ), yes},
		{"is not null", CmpNull("author_id", NEQ), yes},
		{"in", In("author_id", 1, 2), yes},
		{"not in", In("author_id", 3, 4), no},
		{"uuid ==", Cmp("uid", EQ, [16]byte{1}), yes},
		{"columns", Columns("author_id", LT, "id"), yes},
		{"columns with null", Columns("editor_id", EQ, "id"), no},
		// What Go cannot decide as every database would.
		{"different Go types", Cmp("author_id", EQ, int64(2)), cannot},
		{"string (collations)", Cmp("title", EQ, "go"), cannot},
		{"enum string", Cmp("role", EQ, role("ADMIN")), cannot},
		{"time (precision)", Cmp("created_at", EQ, now), cannot},
		{"float", Cmp("score", EQ, 1.5), cannot},
		{"uuid ordering", Cmp("uid", LT, [16]byte{2}), cannot},
		{"unknown column", Cmp("nope", EQ, 1), cannot},
		{"raw predicate", raw, cannot},
		{"string function", StrFunc(FnContains, "title", "o", false), cannot},
		// And/Or decide when one part does, whatever the others.
		{"and: a false part decides", And(raw, Cmp("author_id", EQ, 3)), no},
		{"and: all true", And(Cmp("author_id", EQ, 2), Cmp("id", EQ, 7)), yes},
		{"and: true and undecided", And(Cmp("author_id", EQ, 2), raw), cannot},
		{"or: a true part decides", Or(raw, Cmp("author_id", EQ, 2)), yes},
		{"or: false and undecided", Or(Cmp("author_id", EQ, 3), raw), cannot},
		{"or: all false", Or(Cmp("author_id", EQ, 3), Truthy("published")), no},
		{"not of undecided", Not(raw), cannot},
		{"the blog's read rule, author", Or(Truthy("published"), Cmp("author_id", EQ, 2)), yes},
		{"the blog's read rule, stranger", Or(Truthy("published"), Cmp("author_id", EQ, 5)), no},
		{"a deny rule", Decide([]Cond{Cmp("author_id", EQ, 2)}, Cmp("views", GT, int64(10))), no},
	} {
		t.Run(c.name, func(t *testing.T) {
			holds, ok := c.cond.Eval(row)
			got := cannot
			switch {
			case ok && holds:
				got = yes
			case ok:
				got = no
			}
			if got != c.want {
				t.Errorf("Eval = %v, %v; want %d (0 holds, 1 does not, 2 cannot say)", holds, ok, c.want)
			}
		})
	}
}
