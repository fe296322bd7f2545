package resource

import (
	"context"
	"strings"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
)

// Predicate is a condition on Ent's SQL selector, as generated code takes it.
type Predicate = func(*sql.Selector)

// Compile turns a filter on model m into a predicate. Relation filters AND
// the related model's read scope (the access policy) into their
// sub-queries, so a related row the viewer of ctx cannot read never matches.
// A nil filter compiles to nil (no condition).
func Compile(ctx context.Context, m *Model, f Filter) Predicate {
	if f == nil {
		return nil
	}
	switch x := f.(type) {
	case And:
		ps := compileAll(ctx, m, x)
		if len(ps) == 1 {
			return ps[0]
		}
		return sql.AndPredicates(ps...)
	case Or:
		if len(x) == 0 {
			return falsePredicate
		}
		ps := compileAll(ctx, m, x)
		if len(ps) == 1 {
			return ps[0]
		}
		return sql.OrPredicates(ps...)
	case Not:
		p := Compile(ctx, m, x.F)
		if p == nil {
			return falsePredicate
		}
		return sql.NotPredicates(p)
	case Const:
		if x {
			return truePredicate
		}
		return falsePredicate
	case *Cmp:
		p := compileCmp(x)
		if scope := fieldScope(ctx, x.Field); scope != nil {
			return sql.AndPredicates(scope, p)
		}
		return p
	case *JSONFilter:
		p := x.predicate()
		if scope := fieldScope(ctx, x.Field); scope != nil {
			return sql.AndPredicates(scope, p)
		}
		return p
	case *EdgeFilter:
		return compileEdge(ctx, x)
	case *relatedTo:
		return x.predicate()
	case Raw:
		if x == nil {
			return nil
		}
		return Predicate(x)
	case *distinct:
		return x.predicate(ctx)
	case *keyCmp:
		return x.predicate(ctx)
	case *AggCmp:
		return x.predicate()
	}
	panic("resource: unknown filter node")
}

func compileAll(ctx context.Context, m *Model, fs []Filter) []Predicate {
	ps := make([]Predicate, 0, len(fs))
	for _, f := range fs {
		if p := Compile(ctx, m, f); p != nil {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		ps = append(ps, truePredicate)
	}
	return ps
}

func truePredicate(s *sql.Selector)  { s.Where(sql.P(func(b *sql.Builder) { b.WriteString("1 = 1") })) }
func falsePredicate(s *sql.Selector) { s.Where(sql.False()) }

func compileCmp(c *Cmp) Predicate {
	if len(c.Field.Parts()) > 0 {
		return compileKey(c)
	}
	col := c.Field.Column()
	switch c.Op {
	case OpEQ:
		if c.Value == nil {
			return sql.FieldIsNull(col)
		}
		if s, ok := c.Value.(string); ok && c.Fold {
			return sql.FieldEqualFold(col, s)
		}
		return FieldEQ(col, c.Value)
	case OpNEQ:
		if c.Value == nil {
			return sql.FieldNotNull(col)
		}
		if s, ok := c.Value.(string); ok && c.Fold {
			return sql.NotPredicates(sql.FieldEqualFold(col, s))
		}
		// NOT (col = v): NULLs do not match, as in Prisma.
		return sql.NotPredicates(FieldEQ(col, c.Value))
	case OpLT:
		return sql.FieldLT(col, c.Value)
	case OpLTE:
		return sql.FieldLTE(col, c.Value)
	case OpGT:
		return sql.FieldGT(col, c.Value)
	case OpGTE:
		return sql.FieldGTE(col, c.Value)
	case OpIn, OpNotIn:
		vs, _ := c.Value.([]any)
		var p Predicate
		if len(vs) == 0 {
			p = falsePredicate
		} else if c.Fold {
			ors := make([]Predicate, len(vs))
			for i, v := range vs {
				s, _ := v.(string)
				ors[i] = sql.FieldEqualFold(col, s)
			}
			p = sql.OrPredicates(ors...)
		} else {
			p = sql.FieldIn(col, vs...)
		}
		if c.Op == OpNotIn {
			return sql.NotPredicates(p)
		}
		return p
	case OpContains, OpStartsWith, OpEndsWith:
		s, _ := c.Value.(string)
		return stringMatch(col, c.Op, s, c.Fold)
	case OpSearch:
		s, _ := c.Value.(string)
		terms := strings.Fields(s)
		if len(terms) == 0 {
			return truePredicate
		}
		ps := make([]Predicate, len(terms))
		for i, t := range terms {
			ps[i] = sql.FieldContainsFold(col, t)
		}
		return sql.AndPredicates(ps...)
	case OpIsNull:
		if b, _ := c.Value.(bool); b {
			return sql.FieldIsNull(col)
		}
		return sql.FieldNotNull(col)
	}
	panic("resource: unknown operator")
}

// compileKey compiles a comparison of a composite id: each part equal.
func compileKey(c *Cmp) Predicate {
	eq := func(v any) Predicate {
		k, ok := v.(CompositeID)
		if !ok {
			return falsePredicate
		}
		ps := make([]Predicate, len(c.Field.Parts()))
		for i, p := range c.Field.Parts() {
			ps[i] = FieldEQ(p.Column(), k[i])
		}
		return sql.AndPredicates(ps...)
	}
	switch c.Op {
	case OpEQ:
		return eq(c.Value)
	case OpNEQ:
		return sql.NotPredicates(eq(c.Value))
	case OpIn, OpNotIn:
		vs, _ := c.Value.([]any)
		p := falsePredicate
		if len(vs) > 0 {
			ors := make([]Predicate, len(vs))
			for i, v := range vs {
				ors[i] = eq(v)
			}
			p = sql.OrPredicates(ors...)
		}
		if c.Op == OpNotIn {
			return sql.NotPredicates(p)
		}
		return p
	}
	return falsePredicate
}

// stringMatch compiles contains/startsWith/endsWith. Case-insensitive
// matching uses Ent's per-dialect folding; case-sensitive matching is
// writeTextMatch's.
func stringMatch(col string, op Op, v string, fold bool) Predicate {
	if fold {
		switch op {
		case OpContains:
			return sql.FieldContainsFold(col, v)
		case OpStartsWith:
			return func(s *sql.Selector) { s.Where(sql.HasPrefixFold(s.C(col), v)) }
		default:
			return func(s *sql.Selector) { s.Where(sql.HasSuffixFold(s.C(col), v)) }
		}
	}
	if v == "" {
		return sql.FieldNotNull(col)
	}
	return func(s *sql.Selector) {
		c, d := s.C(col), s.Dialect()
		s.Where(sql.P(func(b *sql.Builder) {
			writeTextMatch(b, d, func(b *sql.Builder) { b.Ident(c) }, op, v)
		}))
	}
}

// step returns the sqlgraph step from the edge's model to its target.
func step(e *Edge) *sqlgraph.Step {
	m, t := e.Model(), e.Target()
	return sqlgraph.NewStep(
		sqlgraph.From(m.Table(), m.ID().Column()),
		sqlgraph.To(t.Table(), t.ID().Column()),
		sqlgraph.Edge(sqlgraph.Rel(e.Rel()), e.Inverse(), e.Table(), e.Columns()...),
	)
}

func compileEdge(ctx context.Context, f *EdgeFilter) Predicate {
	e := f.Edge
	t := e.Target()
	scope := t.Ops().ReadScope(ctx)
	inner := Compile(ctx, t, f.Where)
	neighbours := func(p Predicate) Predicate {
		ps := make([]Predicate, 0, 2)
		if scope != nil {
			ps = append(ps, scope)
		}
		if p != nil {
			ps = append(ps, p)
		}
		return func(s *sql.Selector) {
			if len(ps) == 0 {
				sqlgraph.HasNeighbors(s, step(e))
				return
			}
			sqlgraph.HasNeighborsWith(s, step(e), func(ns *sql.Selector) {
				for _, p := range ps {
					p(ns)
				}
			})
		}
	}
	switch f.Mode {
	case None:
		return sql.NotPredicates(neighbours(inner))
	case Every:
		if inner == nil {
			return truePredicate
		}
		return sql.NotPredicates(neighbours(sql.NotPredicates(inner)))
	default:
		return neighbours(inner)
	}
}

// fieldScope returns the field-level read scope of f for the viewer of ctx
// (nil: every row's value is readable).
func fieldScope(ctx context.Context, f *Field) Predicate {
	if f.Index() < 0 || f.Model() == nil || f.Model().Ops() == nil {
		return nil
	}
	return f.Model().Ops().FieldScope(ctx, f.Index())
}
