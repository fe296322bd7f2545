package privacy

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"
)

// Row is the row of an enclosing query, as seen from a sub-select of its
// condition: `this.orgId` inside a collection predicate, or the row a rule
// is about inside a sub-select over auth()'s relations. Generated policies
// receive one from Correlate, CorrelateAs or Exists; the zero Row stands
// for the row while the condition is folded (nothing is rendered then).
type Row struct{ s *sql.Selector }

// C returns the qualified name of a column of the row.
func (r Row) C(column string) string {
	if r.s == nil {
		return column
	}
	return r.s.C(column)
}

// Correlate builds a condition that refers to the rows it is applied to
// from inside its sub-selects: build receives those rows. build must be
// pure: it runs once with the zero Row to fold constants, and again each
// time the predicate is rendered.
func Correlate(build func(Row) Cond) Cond {
	c := build(Row{})
	if c.known {
		return c
	}
	return Cond{p: func(s *sql.Selector) { build(Row{s}).p(s) }, terms: c.terms}
}

// CorrelateAs is Correlate for a condition whose sub-selects read the rows'
// own table (table, primary key id): SQL would resolve the table's name to
// the innermost select, so the rows are selected again under a name of
// their own (EXISTS (SELECT 1 FROM table AS t WHERE t.id = table.id AND …)).
func CorrelateAs(table, id string, build func(Row) Cond) Cond {
	if c := build(Row{}); c.known {
		return c
	}
	return Cond{p: func(s *sql.Selector) {
		sub := subSelect(s, table)
		sub.Where(sql.ColumnsEQ(sub.C(id), s.C(id)))
		build(Row{sub}).p(sub)
		s.Where(sql.Exists(sub))
	}}
}

// Exists holds when a row of table meets the condition build returns for
// it (EXISTS (SELECT 1 FROM table AS t WHERE …)): the rows of auth()'s
// relations (`auth().memberships?[orgId == this.orgId]` reads memberships
// where user_id is the viewer's id), not reached from the current row.
// build receives the sub-select's row; it must be pure (see Correlate).
func Exists(table string, build func(Row) Cond) Cond {
	if c := build(Row{}); c.IsFalse() {
		return False
	}
	return Cond{p: func(s *sql.Selector) {
		sub := subSelect(s, table)
		if p := build(Row{sub}).p; p != nil {
			p(sub)
		}
		s.Where(sql.Exists(sub))
	}}
}

// At evaluates c, a condition on the row r, inside the current sub-select
// (`this.published` inside a collection predicate).
func At(r Row, c Cond) Cond {
	if c.known {
		return c
	}
	return Cond{p: func(s *sql.Selector) {
		if r.s == nil {
			return
		}
		tmp := sql.Dialect(s.Dialect()).Select().From(r.s.Table())
		tmp.WithContext(s.Context())
		c.p(tmp)
		if p := tmp.P(); p != nil {
			s.Where(p)
		}
	}}
}

// OuterCmp compares a column of the current rows with a column of row r.
func OuterCmp(column string, op Op, r Row, outer string) Cond {
	return Cond{p: func(s *sql.Selector) {
		s.Where(sql.P().ColumnsOp(s.C(column), r.C(outer), sqlOps[op]))
	}}
}

// OuterNull holds when the column of row r is null.
func OuterNull(r Row, outer string) Cond {
	return Cond{p: func(s *sql.Selector) { s.Where(sql.IsNull(r.C(outer))) }}
}

var sqlOps = [...]sql.Op{EQ: sql.OpEQ, NEQ: sql.OpNEQ, LT: sql.OpLT, LTE: sql.OpLTE, GT: sql.OpGT, GTE: sql.OpGTE}

type depthKey struct{}

// subSelect starts SELECT 1 FROM table AS <name> inside s. The name is the
// table's with the nesting depth of such sub-selects (carried in the
// selectors' context, which Ent hands on to its own sub-selects), so
// nested ones over the same table do not shadow each other.
func subSelect(s *sql.Selector, table string) *sql.Selector {
	depth, _ := s.Context().Value(depthKey{}).(int)
	b := sql.Dialect(s.Dialect())
	t := b.Table(table).As(fmt.Sprintf("%s__%d", table, depth))
	sub := b.SelectExpr(sql.Expr("1")).From(t)
	sub.WithContext(context.WithValue(s.Context(), depthKey{}, depth+1))
	return sub
}
