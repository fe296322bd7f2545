package resource

import (
	"context"
	"strconv"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// CompileOrder turns an order into an Ent order option. Orders through
// to-one edges and by relation counts are correlated sub-queries that AND
// the related model's read scope, so a row the viewer cannot read sorts as
// NULL (or is not counted) instead of leaking its values.
func CompileOrder(ctx context.Context, o Order) func(*sql.Selector) {
	return func(s *sql.Selector) {
		var expr sql.Querier
		switch {
		case o.Count != nil:
			expr = countExpr(ctx, s, o.Count, s.C, 1)
		case len(o.Path) > 0:
			expr = pathExpr(ctx, s, o.Path, o.Field, s.C, 1)
		case len(o.Field.Parts) > 0:
			for _, p := range o.Field.Parts {
				orderColumn(s, s.C(p.Column), o.Desc, o.Nulls, false)
			}
			return
		default:
			if scope := fieldScope(ctx, o.Field); scope != nil {
				// Rows whose value the viewer may not read sort as NULL.
				orderQuerier(s, caseWhen(s, scope, s.C(o.Field.Column)), o.Desc, o.Nulls)
				return
			}
			orderColumn(s, s.C(o.Field.Column), o.Desc, o.Nulls, o.Field.Nullable())
			return
		}
		orderQuerier(s, expr, o.Desc, o.Nulls)
	}
}

// Orders are ExprFunc Queriers rather than OrderExprFunc: the latter
// renders to a string and drops the arguments of sub-queries.
// A column that cannot hold NULL is ordered plainly: a NULLS clause there
// changes nothing but keeps PostgreSQL from walking an index in its order
// (an explicit NULLS LAST on a NOT NULL column made every list sort all
// the rows it matched).
func orderColumn(s *sql.Selector, col string, desc bool, nulls Nulls, nullable bool) {
	s.OrderExpr(sql.ExprFunc(func(ob *sql.Builder) {
		if !nullable {
			ob.Ident(col)
			if desc {
				ob.WriteString(" DESC")
			}
			return
		}
		writeNulls(ob, s.Dialect(), func(w *sql.Builder) { w.Ident(col) }, desc, nulls)
	}))
}

func orderQuerier(s *sql.Selector, q sql.Querier, desc bool, nulls Nulls) {
	s.OrderExpr(sql.ExprFunc(func(ob *sql.Builder) {
		writeNulls(ob, s.Dialect(), func(w *sql.Builder) { w.Wrap(func(w *sql.Builder) { w.Join(q) }) }, desc, nulls)
	}))
}

// writeNulls writes "x [DESC]" for a value that may be NULL, with the
// requested NULL placement. The
// default is the one SQLite and MySQL share (NULLs are the smallest value);
// PostgreSQL, whose NULLs are the largest, is told so explicitly. MySQL has
// no NULLS FIRST/LAST: an "x IS NULL" key comes first there.
func writeNulls(b *sql.Builder, d string, x func(*sql.Builder), desc bool, nulls Nulls) {
	if nulls == NullsDefault {
		if desc {
			nulls = NullsLast
		} else {
			nulls = NullsFirst
		}
		if d != dialect.Postgres {
			x(b)
			if desc {
				b.WriteString(" DESC")
			}
			return
		}
	}
	if d == dialect.MySQL {
		x(b)
		if nulls == NullsFirst {
			b.WriteString(" IS NULL DESC, ")
		} else {
			b.WriteString(" IS NULL, ")
		}
		x(b)
		if desc {
			b.WriteString(" DESC")
		}
		return
	}
	x(b)
	if desc {
		b.WriteString(" DESC")
	}
	if nulls == NullsFirst {
		b.WriteString(" NULLS FIRST")
	} else {
		b.WriteString(" NULLS LAST")
	}
}

// related returns a selector of the target of e correlated with the outer
// row (whose columns outer qualifies), with the target's read scope applied.
func related(ctx context.Context, s *sql.Selector, e *Edge, outer func(string) string, depth int) (*sql.Selector, *sql.SelectTable) {
	m, t := e.Model(), e.Target()
	alias := "r" + strconv.Itoa(depth)
	tt := sql.Table(t.Table).As(alias)
	rs := sql.Dialect(s.Dialect()).Select().From(tt)
	switch {
	case e.Rel == M2M:
		// target.id IN (SELECT target_col FROM join WHERE owner_col = outer.id)
		jt := sql.Table(e.Table).As(alias + "j")
		own, other := e.Columns[0], e.Columns[1]
		if e.Inverse {
			own, other = other, own
		}
		js := sql.Dialect(s.Dialect()).Select(jt.C(other)).From(jt).
			Where(sql.ColumnsEQ(jt.C(own), outer(m.ID.Column)))
		rs.Where(sql.In(tt.C(t.ID.Column), js))
	case e.Table == m.Table && e.Rel != O2M:
		// The foreign key is on this side: target.id = outer.fk.
		rs.Where(sql.ColumnsEQ(tt.C(t.ID.Column), outer(e.Columns[0])))
	default:
		// The foreign key is on the target: target.fk = outer.id.
		rs.Where(sql.ColumnsEQ(tt.C(e.Columns[0]), outer(m.ID.Column)))
	}
	if scope := t.Ops.ReadScope(ctx); scope != nil {
		scope(rs)
	}
	return rs, tt
}

func pathExpr(ctx context.Context, s *sql.Selector, path []*Edge, f *Field, outer func(string) string, depth int) sql.Querier {
	rs, tt := related(ctx, s, path[0], outer, depth)
	if len(path) == 1 {
		if scope := fieldScope(ctx, f); scope != nil {
			scope(rs)
		}
		return rs.Select(tt.C(f.Column))
	}
	inner := pathExpr(ctx, s, path[1:], f, tt.C, depth+1)
	return rs.Select().AppendSelectExpr(sql.ExprFunc(func(b *sql.Builder) {
		b.Wrap(func(b *sql.Builder) { b.Join(inner) })
	}))
}

func countExpr(ctx context.Context, s *sql.Selector, e *Edge, outer func(string) string, depth int) sql.Querier {
	rs, _ := related(ctx, s, e, outer, depth)
	rs.Select(sql.Count("*"))
	return rs
}

// caseWhen renders CASE WHEN scope THEN col END over the rows of s.
func caseWhen(s *sql.Selector, scope Predicate, col string) sql.Querier {
	probe := sql.Dialect(s.Dialect()).Select().From(sql.Table(s.TableName()))
	scope(probe)
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("CASE WHEN ").Join(probe.P()).WriteString(" THEN ").Ident(col).WriteString(" END")
	})
}
