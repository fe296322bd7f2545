package resource

import (
	"context"

	"entgo.io/ent/dialect/sql"
)

// Distinct returns a filter that keeps, of the rows matching where, the
// first one of each combination of values of fields in the given order
// (Prisma's distinct, RPC-DIST-01). It is portable SQL (a ROW_NUMBER()
// window, SQLite ≥ 3.25, PostgreSQL, MySQL 8), not PostgreSQL's DISTINCT
// ON: id IN (SELECT id FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY
// fields ORDER BY orders) AS rn FROM t WHERE where AND read-scope) WHERE
// rn = 1). Every order takes part in picking the first, through relations
// too (see key).
func Distinct(ctx context.Context, m *Model, where Filter, fields []*Field, orders []Order) Filter {
	return &distinct{m: m, where: where, fields: fields, orders: orders, scope: m.Ops().ReadScope(ctx), pred: Compile(ctx, m, where)}
}

type distinct struct {
	m      *Model
	where  Filter
	fields []*Field
	orders []Order
	scope  Predicate
	pred   Predicate
}

func (*distinct) isFilter() {}

func (d *distinct) predicate(ctx context.Context) Predicate {
	m := d.m
	return func(s *sql.Selector) {
		b := sql.Dialect(s.Dialect())
		t := b.Table(m.Table()).As("d0")
		cols := make([]string, len(d.fields))
		for i, f := range d.fields {
			cols[i] = t.C(f.Column())
		}
		// The window ranks the rows in the order the list shows them (see
		// key), NULL placement included, so that it picks the row the list
		// shows first.
		keys := tieBroken(m, d.orders)
		terms := make([]sql.Querier, len(keys))
		for i, o := range keys {
			k := key(ctx, s.Dialect(), "d0", o)
			terms[i] = sql.ExprFunc(func(b *sql.Builder) { k.term(b, o.Desc, o.Nulls) })
		}
		ids := KeyColumns(m)
		inCols := make([]string, len(ids))
		for i, k := range ids {
			inCols[i] = t.C(k)
		}
		rn := sql.RowNumber().PartitionBy(cols...).OrderExpr(terms...)
		inner := b.Select(inCols...).AppendSelectExprAs(rn, "rn").From(t)
		if d.pred != nil {
			d.pred(inner)
		}
		if d.scope != nil {
			d.scope(inner)
		}
		// Clone: As renames in place, and predicates qualify their columns
		// when the query is rendered.
		w := inner.Clone().As("d1")
		outCols, ownCols := make([]string, len(ids)), make([]string, len(ids))
		for i, k := range ids {
			outCols[i], ownCols[i] = w.C(k), s.C(k)
		}
		outer := b.Select(outCols...).From(w).Where(sql.EQ(w.C("rn"), 1))
		if len(ids) == 1 {
			s.Where(sql.In(ownCols[0], outer))
			return
		}
		// (a, b) IN (SELECT a, b …): row values, on every supported database.
		s.Where(sql.P(func(b *sql.Builder) {
			b.Wrap(func(b *sql.Builder) { b.IdentComma(ownCols...) }).WriteString(" IN ").Wrap(func(b *sql.Builder) { b.Join(outer) })
		}))
	}
}
