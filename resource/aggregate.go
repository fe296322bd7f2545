package resource

import (
	"context"
	"math/big"
	"strconv"
	"time"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// AggFunc is an aggregate function.
type AggFunc uint8

// Aggregate functions (Prisma's _count, _sum, _avg, _min, _max).
const (
	AggCount AggFunc = iota + 1
	AggSum
	AggAvg
	AggMin
	AggMax
)

// Agg is one aggregate: Func over Field, or COUNT(*) when Field is nil.
type Agg struct {
	Func  AggFunc
	Field *Field
}

// Kind returns the kind of the aggregate's value: counts are integers,
// averages numbers, sums the field's kind (an integer sum stays an
// integer: an int64, or a *big.Int past its range), min and max the
// field's kind.
func (a Agg) Kind() Kind {
	switch a.Func {
	case AggCount:
		return KindInt
	case AggAvg:
		return KindFloat
	}
	return a.Field.Kind()
}

// expr renders the aggregate over the columns of c's table, as a
// condition or a sort key (HAVING, ORDER BY): one expression that never
// fails. SQLite's SUM of integers fails on an int64 overflow, where
// PostgreSQL and MySQL sum into a decimal; there it compares as TOTAL, a
// float (NULL for no value, as SUM). Result columns are Agg.column.
func (a Agg) expr(d string, c func(string) string) string {
	if a.Field == nil {
		return sql.Count("*")
	}
	col := c(a.Field.Column())
	switch a.Func {
	case AggCount:
		return sql.Count(col)
	case AggSum:
		if d == dialect.SQLite && a.Field.Kind() != KindFloat {
			return "CASE WHEN COUNT(" + col + ") > 0 THEN TOTAL(" + col + ") END"
		}
		return sql.Sum(col)
	case AggAvg:
		return sql.Avg(col)
	case AggMin:
		return sql.Min(col)
	}
	return sql.Max(col)
}

// Aggregate computes aggregates over the rows of p (filter, order, offset
// and limit apply, as in Prisma's aggregate and count with take/skip):
// SELECT aggs FROM (the plan's query) AS t. Values are canonical (see
// ScanValue); NULL when there is no row to sum.
func Aggregate(ctx context.Context, p *Plan, aggs []Agg) ([]any, error) {
	q, err := query(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(aggs))
	var cols []column
	err = q.Scan(ctx, func(s *sql.Selector) {
		t := s.Clone().As("t")
		b := sql.Dialect(s.Dialect())
		cols = columns(s.Dialect(), aggs, t.C)
		*s = *b.Select(selections(cols)...).From(t)
	}, func(rows *sql.Rows) error {
		return scanRow(rows, nil, cols, out)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// GroupPlan is a GROUP BY over the rows of Plan (its filter; its orders and
// page are ignored): Prisma's groupBy.
type GroupPlan struct {
	Plan   *Plan
	By     []*Field
	Aggs   []Agg
	Having Filter // Cmp on By fields and AggCmp on aggregates
	Order  []GroupOrder
	Offset int
	Limit  int // < 0: none
}

// GroupOrder sorts groups by a By field or by an aggregate.
type GroupOrder struct {
	Field *Field // when Agg is nil
	Agg   *Agg
	Desc  bool
	Nulls Nulls
}

// AggCmp compares an aggregate with a value in a GroupPlan's Having.
type AggCmp struct {
	Agg   Agg
	Op    Op // OpEQ, OpNEQ, OpLT, OpLTE, OpGT, OpGTE, OpIn, OpNotIn
	Value any
}

func (*AggCmp) isFilter() {}

func (c *AggCmp) predicate() Predicate {
	return func(s *sql.Selector) {
		x := c.Agg.expr(s.Dialect(), s.C)
		s.Where(sql.P(func(b *sql.Builder) {
			switch c.Op {
			case OpIn, OpNotIn:
				vs, _ := c.Value.([]any)
				if len(vs) == 0 {
					b.WriteString(map[bool]string{true: "1 = 0", false: "1 = 1"}[c.Op == OpIn])
					return
				}
				b.WriteString(x)
				if c.Op == OpNotIn {
					b.WriteString(" NOT")
				}
				b.WriteString(" IN (")
				for i, v := range vs {
					if i > 0 {
						b.Comma()
					}
					b.Arg(v)
				}
				b.WriteByte(')')
				return
			case OpNEQ:
				b.WriteString(x).WriteOp(sql.OpNEQ).Arg(c.Value)
				return
			}
			b.WriteString(x).WriteOp(aggOps[c.Op]).Arg(c.Value)
		}))
	}
}

var aggOps = map[Op]sql.Op{OpEQ: sql.OpEQ, OpLT: sql.OpLT, OpLTE: sql.OpLTE, OpGT: sql.OpGT, OpGTE: sql.OpGTE}

// GroupBy runs a group plan: SELECT by, aggs FROM (the filtered rows) AS t
// GROUP BY by HAVING … ORDER BY … LIMIT …. Each result row holds the By
// values then the Aggs values, canonical.
func GroupBy(ctx context.Context, g *GroupPlan) ([][]any, error) {
	inner := *g.Plan
	inner.Order, inner.Offset, inner.Limit, inner.Include = nil, 0, -1, nil
	inner.Cursor, inner.Distinct, inner.Backwards = nil, nil, false
	q, err := query(ctx, &inner)
	if err != nil {
		return nil, err
	}
	var out [][]any
	var cols []column
	err = q.Scan(ctx, func(s *sql.Selector) {
		t := s.Clone().As("t")
		b := sql.Dialect(s.Dialect())
		by := make([]string, len(g.By))
		for i, f := range g.By {
			by[i] = t.C(f.Column())
		}
		cols = columns(s.Dialect(), g.Aggs, t.C)
		o := b.Select(append(append([]string{}, by...), selections(cols)...)...).From(t).GroupBy(by...)
		if g.Having != nil {
			// Compile onto a scratch selector over t, then move its
			// condition to HAVING.
			tmp := b.Select().From(b.Table("t"))
			if p := Compile(ctx, g.Plan.Model, g.Having); p != nil {
				p(tmp)
			}
			if hp := tmp.P(); hp != nil {
				o.Having(hp)
			}
		}
		for _, go_ := range g.Order {
			var x string
			if go_.Agg != nil {
				x = go_.Agg.expr(o.Dialect(), t.C)
			} else {
				x = t.C(go_.Field.Column())
			}
			o.OrderExpr(sql.ExprFunc(func(ob *sql.Builder) {
				writeNulls(ob, o.Dialect(), func(w *sql.Builder) { w.WriteString(x) }, go_.Desc, go_.Nulls)
			}))
		}
		if g.Offset > 0 {
			o.Offset(g.Offset).Limit(1 << 31)
		}
		if g.Limit >= 0 {
			o.Limit(g.Limit)
		}
		*s = *o
	}, func(rows *sql.Rows) error {
		vals := make([]any, len(g.By)+len(g.Aggs))
		if err := scanRow(rows, g.By, cols, vals); err != nil {
			return err
		}
		out = append(out, vals)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ScanValue converts a value database/sql scanned into an any (drivers
// differ: SQLite returns text for MIN of a date, PostgreSQL numeric as
// bytes, MySQL integers for booleans) to the canonical value of kind.
func ScanValue(k Kind, v any) any {
	v = canonical(v)
	switch k {
	case KindInt:
		switch x := v.(type) {
		case string:
			if i, err := strconv.ParseInt(x, 10, 64); err == nil {
				return i
			}
			// A decimal sum (PostgreSQL, MySQL) past int64: exact.
			if b, ok := new(big.Int).SetString(x, 10); ok {
				return b
			}
			if f, err := strconv.ParseFloat(x, 64); err == nil {
				return int64(f)
			}
		case float64:
			return int64(x)
		}
	case KindUint:
		switch x := v.(type) {
		case int64:
			return uint64(x)
		case string:
			if u, err := strconv.ParseUint(x, 10, 64); err == nil {
				return u
			}
			if b, ok := new(big.Int).SetString(x, 10); ok {
				return b
			}
		}
	case KindFloat:
		switch x := v.(type) {
		case int64:
			return float64(x)
		case string:
			if f, err := strconv.ParseFloat(x, 64); err == nil {
				return f
			}
		}
	case KindBool:
		switch x := v.(type) {
		case int64:
			return x != 0
		case string:
			return x == "1" || x == "t" || x == "true"
		}
	case KindTime:
		if s, ok := v.(string); ok {
			for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"} {
				if t, err := time.Parse(layout, s); err == nil {
					return t
				}
			}
		}
	}
	return v
}

// query builds the Ent query of a plan's rows (no includes): its filter,
// cursor and distinct, and its page in its order.
func query(ctx context.Context, p *Plan) (Query, error) {
	v, err := views{}.add(ctx, &Plan{Model: p.Model, Where: p.Where, Order: p.Order, Cursor: p.Cursor, Distinct: p.Distinct, Backwards: p.Backwards}, true)
	if err != nil {
		return nil, err
	}
	where := v.where
	if v.empty {
		where = Const(false)
	}
	q := p.Model.Ops().Query(ctx)
	if pred := Compile(ctx, p.Model, where); pred != nil {
		q.Where(pred)
	}
	if len(v.order) > 0 || p.Offset > 0 || p.Limit >= 0 {
		q.Order(orders(ctx, p.Model, v.order)...)
	}
	if p.Offset > 0 {
		q.Offset(p.Offset)
	}
	if p.Limit >= 0 {
		q.Limit(p.Limit)
	}
	return q, nil
}
