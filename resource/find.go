package resource

import (
	"context"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
)

// Result is the outcome of Find.
type Result struct {
	Rows  []Row
	Total int // the number of rows matching the filter, when Plan.Total; else -1
}

// Find executes a read plan through the generated Ent client: one query for
// the rows, one per include level (Ent's eager loading, never one per row)
// and, when asked, one COUNT(*) for the total.
func Find(ctx context.Context, p *Plan) (*Result, error) {
	q := p.Model.Ops.Query(ctx)
	if pred := Compile(ctx, p.Model, withoutImplied(ctx, p.Model, p.Where)); pred != nil {
		q.Where(pred)
	}
	res := &Result{Total: -1}
	if p.Total {
		n, err := q.Clone().Count(ctx)
		if err != nil {
			return nil, err
		}
		res.Total = n
		if n == 0 || (p.Offset >= n && n >= 0) {
			res.Rows = []Row{}
			return res, nil
		}
	}
	q.Order(orders(ctx, p)...)
	if p.Offset > 0 {
		q.Offset(p.Offset)
	}
	if p.Limit >= 0 {
		q.Limit(p.Limit)
	}
	for _, in := range p.Include {
		include(ctx, q, in)
	}
	rows, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	res.Rows = rows
	return res, nil
}

// orders compiles the plan's orders and breaks ties by id, in the direction
// of the last key: a stable order makes pages stable, and keeping the
// direction lets the database walk an index on the last key (id ASC after
// view_count DESC defeats SQLite's use of the index).
func orders(ctx context.Context, p *Plan) []func(*sql.Selector) {
	out := make([]func(*sql.Selector), 0, len(p.Order)+1)
	desc := false
	for _, o := range p.Order {
		out = append(out, CompileOrder(ctx, o))
		desc = o.Desc
		if o.Field == p.Model.ID && len(o.Path) == 0 {
			return out
		}
	}
	return append(out, CompileOrder(ctx, Order{Field: p.Model.ID, Desc: desc}))
}

// include configures the eager loading of one edge (and, recursively, of
// the includes below it) on q.
func include(ctx context.Context, q Query, in *Include) {
	q.Include(in.Edge.Index, func(cq Query) {
		p := in.Plan
		if pred := Compile(ctx, p.Model, p.Where); pred != nil {
			cq.Where(pred)
		}
		if !in.Edge.Unique {
			cq.Order(orders(ctx, p)...)
			if p.Limit >= 0 || p.Offset > 0 {
				limitPerParent(cq, in)
			}
		}
		for _, sub := range p.Include {
			include(ctx, cq, sub)
		}
	})
}

// limitPerParent applies an include's offset and limit to each parent's
// related rows rather than to the whole eager-load query, with a window
// function partitioned by the parent key (sqlgraph.LimitNeighbors).
func limitPerParent(cq Query, in *Include) {
	p, e := in.Plan, in.Edge
	var partition string
	switch {
	case e.Rel == M2M:
		// Ent's M2M loader joins the join table; its owner column is the key.
		col := e.Columns[0]
		if e.Inverse {
			col = e.Columns[1]
		}
		partition = col
	default:
		partition = e.Columns[0]
	}
	// The window ranks the rows in the order the include lists them (see
	// orders), so that a page per parent holds its first rows.
	var terms []sql.Querier
	desc := false
	for _, o := range p.Order {
		if o.Field != nil && len(o.Path) == 0 && o.Count == nil {
			terms = append(terms, windowTerm(ident(o.Field.Column), o.Desc, o.Nulls, o.Field.Nullable()))
		}
		desc = o.Desc
	}
	for _, col := range KeyColumns(p.Model) {
		terms = append(terms, windowTerm(ident(col), desc, NullsDefault, false))
	}
	limit := p.Limit
	if limit < 0 {
		limit = int(^uint(0) >> 2)
	}
	cq.Modify(func(s *sql.Selector) {
		sqlgraph.LimitNeighbors(partition, limit+p.Offset, terms...)(s)
		if p.Offset > 0 {
			s.Where(sql.GT(s.C("row_number"), p.Offset))
		}
	})
}

// withoutImplied drops from f the top-level equality comparisons that the
// read scope already ANDs (terms): the policy enforces them anyway.
func withoutImplied(ctx context.Context, m *Model, f Filter) Filter {
	if f == nil {
		return nil
	}
	terms := m.Ops.ReadTerms(ctx)
	if len(terms) == 0 {
		return f
	}
	implied := func(x Filter) bool {
		c, ok := x.(*Cmp)
		if !ok || c.Op != OpEQ || c.Fold || c.Value == nil || fieldScope(ctx, c.Field) != nil {
			return false
		}
		for _, t := range terms {
			if t.Column == c.Field.Column && sameValue(t.Value, c.Value) {
				return true
			}
		}
		return false
	}
	switch x := f.(type) {
	case And:
		kept := make(And, 0, len(x))
		for _, c := range x {
			if !implied(c) {
				kept = append(kept, c)
			}
		}
		return AndOf(kept...)
	default:
		if implied(f) {
			return nil
		}
	}
	return f
}

// sameValue compares a policy value (a Go field value) with a canonical
// request value (int64, uint64, float64, string, bool, time.Time).
func sameValue(a, b any) bool {
	if a == b {
		return true
	}
	switch x := a.(type) {
	case int:
		return b == int64(x)
	case int32:
		return b == int64(x)
	case int64:
		return b == x
	}
	if s, ok := a.(interface{ String() string }); ok {
		if t, ok := b.(string); ok {
			return s.String() == t
		}
	}
	return false
}
