package privacy

import (
	"testing"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"
)

// render applies c to SELECT * FROM table and returns the SQL.
func render(t *testing.T, d, table string, c Cond) (string, []any) {
	t.Helper()
	b := sql.Dialect(d)
	s := b.Select("*").From(b.Table(table))
	if p := c.Predicate(); p != nil {
		p(s)
	}
	q, args := s.Query()
	return q, args
}

// hasWith mimics a generated Has<Edge>With over an edge whose rows hold
// the foreign key (HasNeighborsWith, O2M).
func hasWith(table, fk string) func(...func(*sql.Selector)) func(*sql.Selector) {
	return func(preds ...func(*sql.Selector)) func(*sql.Selector) {
		return func(s *sql.Selector) {
			b := sql.Dialect(s.Dialect())
			to := b.Table(table)
			m := b.Select(to.C(fk)).From(to)
			m.WithContext(s.Context())
			m.Where(sql.ColumnsEQ(s.C("id"), to.C(fk)))
			for _, p := range preds {
				p(m)
			}
			s.Where(sql.Exists(m))
		}
	}
}

// this.x inside a collection predicate: the sub-select compares its rows
// with the row the condition is applied to.
func TestCorrelate(t *testing.T) {
	c := Correlate(func(r Row) Cond {
		return Through(And(OuterCmp("org_id", EQ, r, "org_id"), Cmp("role", EQ, "admin")), hasWith("members", "task_id"))
	})
	q, args := render(t, dialect.SQLite, "tasks", c)
	require.Equal(t, "SELECT * FROM `tasks` WHERE EXISTS (SELECT `members`.`task_id` FROM `members` WHERE `tasks`.`id` = `members`.`task_id` AND (`members`.`org_id` = `tasks`.`org_id` AND `members`.`role` = ?))", q)
	require.Equal(t, []any{"admin"}, args)

	// Constants fold before any SQL exists.
	require.True(t, Correlate(func(r Row) Cond { return And(False, OuterCmp("a", EQ, r, "b")) }).IsFalse())

	// A sub-select over the rows' own table: the rows get a name of their own.
	c = CorrelateAs("tasks", "id", func(r Row) Cond {
		return Through(OuterCmp("owner_id", NEQ, r, "owner_id"), hasWith("tasks", "parent_id"))
	})
	q, _ = render(t, dialect.Postgres, "tasks", c)
	require.Equal(t, `SELECT * FROM "tasks" WHERE EXISTS (SELECT 1 FROM "tasks" AS "tasks__0" WHERE "tasks__0"."id" = "tasks"."id" AND EXISTS (SELECT "tasks"."parent_id" FROM "tasks" WHERE "tasks__0"."id" = "tasks"."parent_id" AND "tasks"."owner_id" <> "tasks__0"."owner_id"))`, q)
}

// auth()'s relations are sub-selects keyed by the viewer's id; nested ones
// over the same table get distinct names.
func TestExists(t *testing.T) {
	c := Exists("memberships", func(m Row) Cond {
		return And(Cmp("user_id", EQ, 7), OuterCmp("org_id", EQ, Row{}, "org_id"),
			Exists("memberships", func(Row) Cond { return OuterCmp("user_id", EQ, m, "user_id") }))
	})
	q, args := render(t, dialect.MySQL, "tasks", c)
	require.Equal(t, "SELECT * FROM `tasks` WHERE EXISTS (SELECT 1 FROM `memberships` AS `memberships__0` WHERE `memberships__0`.`user_id` = ? AND `memberships__0`.`org_id` = `org_id` AND EXISTS (SELECT 1 FROM `memberships` AS `memberships__1` WHERE `memberships__1`.`user_id` = `memberships__0`.`user_id`))", q)
	require.Equal(t, []any{7}, args)
	require.True(t, Exists("users", func(Row) Cond { return False }).IsFalse())

	// At: a condition on an outer row, inside the sub-select.
	c = Correlate(func(r Row) Cond {
		return Exists("users", func(Row) Cond { return And(Cmp("id", EQ, 1), At(r, Truthy("published"))) })
	})
	q, _ = render(t, dialect.SQLite, "posts", c)
	require.Equal(t, "SELECT * FROM `posts` WHERE EXISTS (SELECT 1 FROM `users` AS `users__0` WHERE `users__0`.`id` = ? AND `posts`.`published` = ?)", q)
}

// POL-EXPR-09: the list functions render each dialect's JSON containment.
func TestListFunctions(t *testing.T) {
	c := And(ListHas("tags", "go"), ListHasSome("tags", []string{"a", "b"}), ListEmpty("labels"))
	for d, want := range map[string]string{
		dialect.SQLite:   "SELECT * FROM `t` WHERE EXISTS(SELECT * FROM JSON_EACH(`t`.`tags`, '$') WHERE `value` = ?) AND (EXISTS(SELECT * FROM JSON_EACH(`t`.`tags`, '$') WHERE `value` = ?) OR EXISTS(SELECT * FROM JSON_EACH(`t`.`tags`, '$') WHERE `value` = ?)) AND (`t`.`labels` IS NULL OR JSON_ARRAY_LENGTH(`t`.`labels`, '$') = ?)",
		dialect.Postgres: `SELECT * FROM "t" WHERE "t"."tags" @> $1 AND ("t"."tags" @> $2 OR "t"."tags" @> $3) AND ("t"."labels" IS NULL OR JSONB_ARRAY_LENGTH("t"."labels") = $4)`,
		dialect.MySQL:    "SELECT * FROM `t` WHERE JSON_CONTAINS(`t`.`tags`, ?, '$') = ? AND (JSON_CONTAINS(`t`.`tags`, ?, '$') = ? OR JSON_CONTAINS(`t`.`tags`, ?, '$') = ?) AND (`t`.`labels` IS NULL OR JSON_LENGTH(`t`.`labels`, '$') = ?)",
	} {
		q, _ := render(t, d, "t", c)
		require.Equal(t, want, q, d)
	}
	require.True(t, ListHasSome("tags", []int(nil)).IsFalse())
	require.True(t, ListHasEvery("tags", []int(nil)).IsTrue())
	require.True(t, InList("id", []int{}).IsFalse())
	require.True(t, HasSome([]string{"a", "b"}, []string{"c", "b"}))
	require.False(t, HasEvery([]string{"a", "b"}, []string{"c", "b"}))
	require.True(t, HasEvery([]int{1}, nil))
	require.True(t, Has([]int{1, 2}, 2))
}
