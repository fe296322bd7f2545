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
// rn = 1). Orders through relations do not take part in picking the first.
func Distinct(ctx context.Context, m *Model, where Filter, fields []*Field, orders []Order) Filter {
	return &distinct{m: m, where: where, fields: fields, orders: orders, scope: m.Ops.ReadScope(ctx), pred: Compile(ctx, m, where)}
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

func (d *distinct) predicate() Predicate {
	m := d.m
	return func(s *sql.Selector) {
		b := sql.Dialect(s.Dialect())
		t := b.Table(m.Table).As("d0")
		cols := make([]string, len(d.fields))
		for i, f := range d.fields {
			cols[i] = t.C(f.Column)
		}
		var terms []sql.Querier
		desc := false
		for _, o := range d.orders {
			if o.Field != nil && len(o.Path) == 0 && o.Count == nil {
				terms = append(terms, windowTerm(raw(t.C(o.Field.Column)), o.Desc, o.Nulls, o.Field.Nullable()))
			}
			desc = o.Desc
		}
		keys := KeyColumns(m)
		inCols := make([]string, len(keys))
		for i, k := range keys {
			terms = append(terms, windowTerm(raw(t.C(k)), desc, NullsDefault, false))
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
		outCols, ownCols := make([]string, len(keys)), make([]string, len(keys))
		for i, k := range keys {
			outCols[i], ownCols[i] = w.C(k), s.C(k)
		}
		outer := b.Select(outCols...).From(w).Where(sql.EQ(w.C("rn"), 1))
		if len(keys) == 1 {
			s.Where(sql.In(ownCols[0], outer))
			return
		}
		// (a, b) IN (SELECT a, b …): row values, on every supported database.
		s.Where(sql.P(func(b *sql.Builder) {
			b.Wrap(func(b *sql.Builder) { b.IdentComma(ownCols...) }).WriteString(" IN ").Wrap(func(b *sql.Builder) { b.Join(outer) })
		}))
	}
}

// windowTerm renders an ORDER BY term of a window (ROW_NUMBER): the same
// order, NULL placement included, as the list itself gets (see
// writeNulls), so that the window ranks first the row the list shows
// first.
func windowTerm(col func(*sql.Builder), desc bool, nulls Nulls, nullable bool) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		if !nullable {
			col(b)
			if desc {
				b.WriteString(" DESC")
			}
			return
		}
		writeNulls(b, b.Dialect(), col, desc, nulls)
	})
}

// raw writes an already quoted column.
func raw(col string) func(*sql.Builder) {
	return func(b *sql.Builder) { b.WriteString(col) }
}

// ident writes a column, quoted.
func ident(col string) func(*sql.Builder) {
	return func(b *sql.Builder) { b.Ident(col) }
}
