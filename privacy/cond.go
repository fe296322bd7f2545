package privacy

import (
	"entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/resource"
)

// Cond is a policy condition over the rows of one table: either a constant
// known in Go (it depends only on auth() and literals) or an SQL predicate.
// Generated policies build Conds; And, Or and Not fold the constants, so the
// SQL an admin or an anonymous viewer gets carries no dead branches.
type Cond struct {
	known bool // constant: val holds it
	val   bool
	p     func(*sql.Selector)
	terms []resource.Term // column = value terms p ANDs at its top level
	eval  evalFunc        // p decided in Go on a row (Eval); nil: only SQL can
}

// Terms returns the column = value terms c ANDs at its top level; the API
// runtime drops request filters equal to one of them (resource.Term).
func (c Cond) Terms() []resource.Term { return c.terms }

// True and False are the constant conditions.
var (
	True  = Cond{known: true, val: true}
	False = Cond{known: true}
)

// Bool returns the constant condition b.
func Bool(b bool) Cond { return Cond{known: true, val: b} }

// When is cond() when ok holds, else otherwise. The generated rules guard
// with it a comparison whose value may be null at run time (auth().id for
// an anonymous viewer): cond is not called then.
func When(ok bool, cond func() Cond, otherwise Cond) Cond {
	if !ok {
		return otherwise
	}
	return cond()
}

// P wraps an SQL predicate.
func P[F ~func(*sql.Selector)](p F) Cond { return Cond{p: p} }

// IsTrue reports whether c is the constant true.
func (c Cond) IsTrue() bool { return c.known && c.val }

// IsFalse reports whether c is the constant false.
func (c Cond) IsFalse() bool { return c.known && !c.val }

// Predicate returns c as a predicate: nil when c is the constant true
// (no filter), a predicate matching no row when c is the constant false.
func (c Cond) Predicate() func(*sql.Selector) {
	switch {
	case c.p != nil:
		return c.p
	case c.val:
		return nil
	}
	return none
}

// Where returns c as a predicate that is never nil (true renders as 1 = 1),
// for APIs that need one.
func (c Cond) Where() func(*sql.Selector) {
	if p := c.Predicate(); p != nil {
		return p
	}
	return all
}

func none(s *sql.Selector) { s.Where(sql.False()) }
func all(s *sql.Selector)  { s.Where(sql.ExprP("1 = 1")) }

// None is a predicate that matches no row.
func None(s *sql.Selector) { none(s) }

// And is the conjunction of cs.
func And(cs ...Cond) Cond {
	n, last := 0, 0
	for i, c := range cs {
		switch {
		case c.IsFalse():
			return False
		case c.p != nil:
			n, last = n+1, i
		}
	}
	switch n {
	case 0:
		return True
	case 1:
		return cs[last] // no slices: the common case of one rule
	}
	ps := make([]func(*sql.Selector), 0, n)
	parts := make([]Cond, 0, n)
	var terms []resource.Term
	for _, c := range cs {
		if c.p != nil {
			ps = append(ps, c.p)
			terms = append(terms, c.terms...)
			parts = append(parts, c)
		}
	}
	return Cond{p: sql.AndPredicates(ps...), terms: terms, eval: evalAll(parts)}
}

// Or is the disjunction of cs.
func Or(cs ...Cond) Cond {
	n, last := 0, 0
	for i, c := range cs {
		switch {
		case c.IsTrue():
			return True
		case c.p != nil:
			n, last = n+1, i
		}
	}
	switch n {
	case 0:
		return False
	case 1:
		return cs[last] // a single disjunct keeps its terms
	}
	ps := make([]func(*sql.Selector), 0, n)
	parts := make([]Cond, 0, n)
	for _, c := range cs {
		if c.p != nil {
			ps = append(ps, c.p)
			parts = append(parts, c)
		}
	}
	return Cond{p: sql.OrPredicates(ps...), eval: evalAny(parts)}
}

// Not is the negation of c, in two-valued logic: SQL's NOT of an unknown
// (a comparison with a null column, a JSON function of a null list) is
// unknown, and the row would fail both c and Not(c); the rule language
// says a comparison with null is false, so Not(c) holds. It renders as
// (c) IS NOT TRUE, which SQLite, PostgreSQL and MySQL/MariaDB all read so.
func Not(c Cond) Cond {
	if c.known {
		return Bool(!c.val)
	}
	return Cond{eval: func(row resource.Values) (bool, bool) {
		holds, ok := c.Eval(row)
		return !holds, ok
	}, p: func(s *sql.Selector) {
		s.CollectPredicates()
		c.p(s)
		collected := s.CollectedPredicates()
		s.UncollectedPredicates()
		if len(collected) == 0 {
			return
		}
		inner := sql.And(collected...)
		s.Where(sql.P(func(b *sql.Builder) {
			b.Wrap(func(b *sql.Builder) { b.Join(inner) }).WriteString(" IS NOT TRUE")
		}))
	}}
}

// Decide combines the allow and deny rules of one operation: at least one
// allow rule holds and no deny rule does (deny wins, default deny).
func Decide(allows []Cond, denies ...Cond) Cond {
	return And(Or(allows...), Not(Or(denies...)))
}

// Through lifts a condition on the rows of a related table to this table
// through an edge: has is the generated Has<Edge>With. A true inner
// condition still requires a related row (null semantics: a missing
// relation makes every comparison false).
func Through[P, Q ~func(*sql.Selector)](inner Cond, has func(...Q) P) Cond {
	switch {
	case inner.IsFalse():
		return False
	case inner.IsTrue():
		return Cond{p: has()}
	}
	return Cond{p: has(Q(inner.p))}
}

// Op is a comparison operator of the rule language.
type Op uint8

// Comparison operators.
const (
	EQ Op = iota
	NEQ
	LT
	LTE
	GT
	GTE
)

// Cmp compares column with the Go value v. Booleans go through
// resource.FieldEQ so SQLite keeps using indexes on them.
func Cmp(column string, op Op, v any) Cond {
	eval := evalCmp(column, op, v)
	switch op {
	case EQ:
		return Cond{p: resource.FieldEQ(column, v), terms: []resource.Term{{Column: column, Value: v}}, eval: eval}
	case NEQ:
		return Cond{p: sql.FieldNEQ(column, v), eval: eval}
	case LT:
		return Cond{p: sql.FieldLT(column, v), eval: eval}
	case LTE:
		return Cond{p: sql.FieldLTE(column, v), eval: eval}
	case GT:
		return Cond{p: sql.FieldGT(column, v), eval: eval}
	}
	return Cond{p: sql.FieldGTE(column, v), eval: eval}
}

// CmpNull compares column with null: == is IS NULL, != is IS NOT NULL, and
// an ordering against null is false (ZenStack's semantics).
func CmpNull(column string, op Op) Cond {
	switch op {
	case EQ:
		return Cond{p: sql.FieldIsNull(column), eval: evalNull(column, op)}
	case NEQ:
		return Cond{p: sql.FieldNotNull(column), eval: evalNull(column, op)}
	}
	return False
}

// In is column IN (vs…); an empty list matches nothing.
func In(column string, vs ...any) Cond {
	if len(vs) == 0 {
		return False
	}
	return Cond{p: sql.FieldIn(column, vs...), eval: evalIn(column, vs)}
}

// Columns compares two columns of the same row.
func Columns(a string, op Op, b string) Cond {
	eval := evalColumns(a, op, b)
	switch op {
	case EQ:
		return Cond{p: sql.FieldsEQ(a, b), eval: eval}
	case NEQ:
		return Cond{p: sql.FieldsNEQ(a, b), eval: eval}
	case LT:
		return Cond{p: sql.FieldsLT(a, b), eval: eval}
	case LTE:
		return Cond{p: sql.FieldsLTE(a, b), eval: eval}
	case GT:
		return Cond{p: sql.FieldsGT(a, b), eval: eval}
	}
	return Cond{p: sql.FieldsGTE(a, b), eval: eval}
}

// Truthy is a boolean column used as a condition (`published`), written as
// `published = true` for the index's sake.
func Truthy(column string) Cond { return Cmp(column, EQ, true) }

// String functions of the rule language.
const (
	FnContains   = "contains"
	FnStartsWith = "startsWith"
	FnEndsWith   = "endsWith"
)

// StrFunc applies contains/startsWith/endsWith to a column and a Go string.
func StrFunc(fn, column, v string, fold bool) Cond {
	switch {
	case fn == FnContains && fold:
		return Cond{p: sql.FieldContainsFold(column, v)}
	case fn == FnContains:
		return Cond{p: sql.FieldContains(column, v)}
	case fn == FnStartsWith && fold:
		return Cond{p: sql.FieldHasPrefixFold(column, v)}
	case fn == FnStartsWith:
		return Cond{p: sql.FieldHasPrefix(column, v)}
	case fn == FnEndsWith && fold:
		return Cond{p: sql.FieldHasSuffixFold(column, v)}
	}
	return Cond{p: sql.FieldHasSuffix(column, v)}
}
