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
// NULL (or is not counted) instead of leaking its values (see key).
func CompileOrder(ctx context.Context, o Order) func(*sql.Selector) {
	if o.Field != nil && len(o.Field.Parts()) > 0 && len(o.Path) == 0 && o.Count == nil {
		// A composite id sorts by its parts.
		parts := make([]func(*sql.Selector), len(o.Field.Parts()))
		for i, p := range o.Field.Parts() {
			parts[i] = CompileOrder(ctx, Order{Field: p, Desc: o.Desc, Nulls: o.Nulls})
		}
		return func(s *sql.Selector) {
			for _, p := range parts {
				p(s)
			}
		}
	}
	return func(s *sql.Selector) {
		k := key(ctx, s.Dialect(), s.TableName(), o)
		// An ExprFunc Querier rather than an OrderExprFunc: the latter
		// renders to a string and drops the arguments of sub-queries.
		s.OrderExpr(sql.ExprFunc(func(b *sql.Builder) { k.term(b, o.Desc, o.Nulls) }))
	}
}

// sortKey is the value an order sorts the rows of a query by: a column of
// the query's own table, or an expression.
type sortKey struct {
	dialect  string
	col      string      // a qualified column, sorted as is (an index may serve it)
	expr     sql.Querier // otherwise
	nullable bool        // the value may be NULL
}

// key returns the sort key of o for the rows of table (a table or an
// alias) in a query on dialect d: the field's column; NULL where a field-level
// read rule hides the field from the viewer of ctx (so hidden values can
// neither be probed nor sorted by); or a correlated sub-query through
// to-one relations (the related row's field) or of a to-many relation (the
// number of related rows), the related models' read scopes applied.
func key(ctx context.Context, d, table string, o Order) sortKey {
	outer := sql.Dialect(d).Table(table).C
	switch {
	case o.Count != nil:
		return sortKey{dialect: d, expr: countExpr(ctx, d, o.Count, outer, 1)}
	case len(o.Path) > 0:
		return sortKey{dialect: d, expr: pathExpr(ctx, d, o.Path, o.Field, outer, 1), nullable: true}
	}
	col := outer(o.Field.Column())
	if scope := fieldScope(ctx, o.Field); scope != nil {
		return sortKey{dialect: d, expr: caseWhen(d, table, scope, col), nullable: true}
	}
	return sortKey{dialect: d, col: col, nullable: o.Field.Nullable()}
}

// write writes the key's value.
func (k sortKey) write(b *sql.Builder) {
	if k.expr == nil {
		b.Ident(k.col)
		return
	}
	b.Wrap(func(b *sql.Builder) { b.Join(k.expr) })
}

// querier is the key's value as a Querier (a selection, a window term).
func (k sortKey) querier() sql.Querier { return sql.ExprFunc(k.write) }

// term writes "key [DESC]" with the NULL placement of the order (see
// writeNulls). A key that cannot be NULL is sorted plainly: a NULLS clause
// there changes nothing but keeps PostgreSQL from walking an index in its
// order (an explicit NULLS LAST on a NOT NULL column made every list sort
// all the rows it matched).
func (k sortKey) term(b *sql.Builder, desc bool, nulls Nulls) {
	if !k.nullable {
		k.write(b)
		if desc {
			b.WriteString(" DESC")
		}
		return
	}
	writeNulls(b, k.dialect, k.write, desc, nulls)
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
func related(ctx context.Context, d string, e *Edge, outer func(string) string, depth int) (*sql.Selector, *sql.SelectTable) {
	m, t := e.Model(), e.Target()
	alias := "r" + strconv.Itoa(depth)
	tt := sql.Table(t.Table()).As(alias)
	rs := sql.Dialect(d).Select().From(tt)
	switch {
	case e.Rel() == M2M:
		// target.id IN (SELECT target_col FROM join WHERE owner_col = outer.id)
		jt := sql.Table(e.Table()).As(alias + "j")
		own, other := e.Columns()[0], e.Columns()[1]
		if e.Inverse() {
			own, other = other, own
		}
		js := sql.Dialect(d).Select(jt.C(other)).From(jt).
			Where(sql.ColumnsEQ(jt.C(own), outer(m.ID().Column())))
		rs.Where(sql.In(tt.C(t.ID().Column()), js))
	case e.Table() == m.Table() && e.Rel() != O2M:
		// The foreign key is on this side: target.id = outer.fk.
		rs.Where(sql.ColumnsEQ(tt.C(t.ID().Column()), outer(e.Columns()[0])))
	default:
		// The foreign key is on the target: target.fk = outer.id.
		rs.Where(sql.ColumnsEQ(tt.C(e.Columns()[0]), outer(m.ID().Column())))
	}
	if scope := t.Ops().ReadScope(ctx); scope != nil {
		scope(rs)
	}
	return rs, tt
}

func pathExpr(ctx context.Context, d string, path []*Edge, f *Field, outer func(string) string, depth int) sql.Querier {
	rs, tt := related(ctx, d, path[0], outer, depth)
	if len(path) == 1 {
		if scope := fieldScope(ctx, f); scope != nil {
			scope(rs)
		}
		return rs.Select(tt.C(f.Column()))
	}
	inner := pathExpr(ctx, d, path[1:], f, tt.C, depth+1)
	return rs.Select().AppendSelectExpr(sql.ExprFunc(func(b *sql.Builder) {
		b.Wrap(func(b *sql.Builder) { b.Join(inner) })
	}))
}

func countExpr(ctx context.Context, d string, e *Edge, outer func(string) string, depth int) sql.Querier {
	rs, _ := related(ctx, d, e, outer, depth)
	rs.Select(sql.Count("*"))
	return rs
}

// caseWhen renders CASE WHEN scope THEN col END over the rows of table (a
// table or an alias: the scope's predicates qualify their columns with it).
func caseWhen(d, table string, scope Predicate, col string) sql.Querier {
	probe := sql.Dialect(d).Select().From(sql.Table(table))
	scope(probe)
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("CASE WHEN ").Join(probe.P()).WriteString(" THEN ").Ident(col).WriteString(" END")
	})
}
