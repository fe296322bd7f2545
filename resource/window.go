package resource

import (
	"context"
	"strconv"

	"entgo.io/ent/dialect/sql"
)

// pagePerParent applies an include's distinct, offset and limit to each
// parent's related rows rather than to the whole eager-load query, with
// window functions partitioned by the parent key. The eager-load query q
// becomes
//
//	WITH src AS (q, its sort keys k0, k1… added as columns),
//	     dist AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY parent, distinct
//	              fields ORDER BY keys) AS distinct_rank FROM src),
//	     ranked AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY parent ORDER BY
//	              keys) AS row_number FROM dist WHERE distinct_rank = 1)
//	SELECT q's columns FROM ranked AS table
//	WHERE row_number > offset AND row_number <= offset + limit
//	ORDER BY keys
//
// (dist only with distinct). The sort keys are computed once, on q's own
// rows (see key), so any order works: through relations, by relation
// counts, on fields a read rule hides. The windows rank in the view's
// order (reversed for a backwards page), the rows come out in the plan's.
func pagePerParent(ctx context.Context, q Query, in *Include, v *view) {
	p, e := in.Plan, in.Edge
	partition := e.Columns()[0]
	if e.Rel() == M2M && e.Inverse() {
		// Ent's M2M loader selects the join table's owner column first.
		partition = e.Columns()[1]
	}
	q.Modify(func(s *sql.Selector) {
		d := s.Dialect()
		b := sql.Dialect(d)
		columns := s.UnqualifiedColumns()
		keys := tieBroken(p.Model, p.Order)
		ranks := tieBroken(p.Model, v.order) // the same keys, maybe reversed
		// named are the keys as columns of the CTEs: a column of the
		// table by its name, an expression as a column of its own.
		named := make([]sortKey, len(keys))
		for i, o := range keys {
			k := key(ctx, d, s.TableName(), o)
			named[i] = sortKey{dialect: d, nullable: k.nullable}
			if k.expr == nil {
				named[i].col = o.Field.Column()
			} else {
				named[i].col = "sort_key_" + strconv.Itoa(i)
				s.AppendSelectExprAs(k.querier(), named[i].col)
			}
		}
		window := func() *sql.WindowBuilder {
			w := sql.RowNumber()
			terms := make([]sql.Querier, len(ranks))
			for i, o := range ranks {
				k := named[i]
				terms[i] = sql.ExprFunc(func(b *sql.Builder) { k.term(b, o.Desc, o.Nulls) })
			}
			return w.OrderExpr(terms...)
		}
		with := b.With("src").As(s.Clone())
		from := "src"
		if len(p.Distinct) > 0 {
			by := []string{partition}
			for _, f := range p.Distinct {
				by = append(by, f.Column())
			}
			with = with.With("dist").As(b.Select("*").AppendSelectExprAs(window().PartitionBy(by...), "distinct_rank").From(b.Table("src")))
			from = "dist"
		}
		ranked := b.Select("*").AppendSelectExprAs(window().PartitionBy(partition), "row_number").From(b.Table(from))
		if from == "dist" {
			ranked.Where(sql.EQ("distinct_rank", 1))
		}
		with = with.With("ranked").As(ranked)
		t := b.Table("ranked").As(s.TableName())
		out := b.Select(columns...).From(t).Prefix(with)
		if p.Offset > 0 {
			out.Where(sql.GT(t.C("row_number"), p.Offset))
		}
		if p.Limit >= 0 {
			out.Where(sql.LTE(t.C("row_number"), p.Offset+p.Limit))
		}
		for i, o := range keys {
			k := named[i]
			k.col = t.C(k.col)
			out.OrderExpr(sql.ExprFunc(func(b *sql.Builder) { k.term(b, o.Desc, o.Nulls) }))
		}
		*s = *out
	})
}
