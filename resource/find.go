package resource

import (
	"context"
	"slices"

	"entgo.io/ent/dialect/sql"
)

// Result is the outcome of Find.
type Result struct {
	Rows  []Row
	Total int // the number of rows matching the filter, when Plan.Total; else -1
}

// Find executes a read plan through the generated Ent client: one query for
// the rows, one per include level (Ent's eager loading, never one per row),
// one per cursor and, when asked, one COUNT(*) for the total.
func Find(ctx context.Context, p *Plan) (*Result, error) {
	var vs views // only the includes' views are looked up
	if len(p.Include) > 0 {
		vs = views{}
	}
	v, err := vs.add(ctx, p, true)
	if err != nil {
		return nil, err
	}
	res := &Result{Total: -1, Rows: []Row{}}
	if v.empty {
		if p.Total {
			res.Total = 0
		}
		return res, nil
	}
	q := p.Model.Ops().Query(ctx)
	where := withoutImplied(ctx, p.Model, v.where)
	if pred := Compile(ctx, p.Model, where); pred != nil {
		q.Where(pred)
	}
	scanCount, scanRows := scanHints(p.Model, v.order, where)
	var cq Query
	if p.Total {
		cq = q.Clone() // before the page's order, offset and limit
	}
	if scanRows {
		q.Modify(markScan)
	}
	if !pinsID(p.Model, where) {
		q.Order(orders(ctx, p.Model, v.order)...)
	}
	if p.Offset > 0 {
		q.Offset(p.Offset)
	}
	if p.Limit >= 0 {
		q.Limit(p.Limit)
	}
	for _, in := range p.Include {
		include(ctx, q, in, vs)
	}
	rows, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	if p.Backwards {
		slices.Reverse(rows)
	}
	res.Rows = rows
	if p.Total {
		if n, ok := totalOfPage(p.Offset, p.Limit, len(rows)); ok {
			res.Total = n
		} else {
			if scanCount {
				cq.Modify(markScan)
			}
			if res.Total, err = cq.Count(ctx); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// totalOfPage is the number of rows matching a page's filter when the page
// itself tells it: a page that ends before its limit holds the last row, so
// the total is its offset plus its rows (a page at offset 0 with no row: 0).
// A full page, or an empty one past the end, says nothing: the rows must be
// counted. Skipping that COUNT saves a statement on every list that fits in
// one page, the common case of a related collection.
func totalOfPage(offset, limit, rows int) (int, bool) {
	if rows == 0 && offset > 0 || limit >= 0 && rows >= limit {
		return 0, false
	}
	return offset + rows, true
}

// pinsID reports whether f requires the id to equal one value, alone or in
// a top-level And: at most one row matches, so the query needs no ORDER BY
// (a get-one by id; the order would cost its building on every request).
func pinsID(m *Model, f Filter) bool {
	switch x := f.(type) {
	case *Cmp:
		return x.Field == m.ID() && x.Op == OpEQ && !x.Fold
	case And:
		for _, g := range x {
			if pinsID(m, g) {
				return true
			}
		}
	}
	return false
}

// view is a plan's rows as the query reads them: its filter with the
// cursor's condition and (at the top) distinct's, and its order, reversed
// when the plan takes its page backwards.
type view struct {
	where Filter
	order []Order
	empty bool // the cursor selects no row: there are none
}

// views are the views of the includes of a plan, by plan (the top plan's
// is add's result: a plan without includes needs no map).
type views map[*Plan]*view

// add computes the view of p and of its includes: a cursor costs a query
// each. At the top, distinct is a filter; in an include it is part of the
// window that pages each parent's rows (see pagePerParent).
func (vs views) add(ctx context.Context, p *Plan, top bool) (*view, error) {
	v := &view{where: p.Where, order: p.Order}
	if top && len(p.Distinct) > 0 {
		v.where = AndOf(v.where, Distinct(ctx, p.Model, p.Where, p.Distinct, p.Order))
	}
	if p.Backwards {
		v.order = Reverse(p.Model, p.Order)
	}
	if p.Cursor != nil {
		f, found, err := cursorFilter(ctx, p.Model, v.order, p.Cursor)
		if err != nil {
			return nil, err
		}
		v.where, v.empty = AndOf(v.where, f), !found
	}
	if !top {
		vs[p] = v
	}
	for _, in := range p.Include {
		if _, err := vs.add(ctx, in.Plan, false); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// orders compiles orders and breaks ties by id, in the direction of the
// last key: a stable order makes pages stable, and keeping the direction
// lets the database walk an index on the last key (id ASC after
// view_count DESC defeats SQLite's use of the index).
func orders(ctx context.Context, m *Model, order []Order) []func(*sql.Selector) {
	out := make([]func(*sql.Selector), 0, len(order)+1)
	for _, o := range tieBroken(m, order) {
		out = append(out, CompileOrder(ctx, o))
	}
	return out
}

// tieBroken is order up to its first key on the id, else with the id
// appended in the direction of the last key. A composite id sorts by its
// parts (see compositeKeys).
func tieBroken(m *Model, order []Order) []Order {
	if m.Composite() {
		return compositeKeys(m, order)
	}
	desc := false
	for i, o := range order {
		desc = o.Desc
		if o.Field == m.ID() && len(o.Path) == 0 {
			return order[:i+1]
		}
	}
	return append(order[:len(order):len(order)], Order{Field: m.ID(), Desc: desc})
}

// compositeKeys is tieBroken for a model with a composite id: the id,
// given or appended, becomes one key per part, so that every sort key is a
// column.
func compositeKeys(m *Model, order []Order) []Order {
	out := make([]Order, 0, len(order)+len(m.ID().Parts()))
	id := Order{Field: m.ID()}
	for _, o := range order {
		id.Desc = o.Desc
		if o.Field == m.ID() && len(o.Path) == 0 {
			id = o
			break
		}
		out = append(out, o)
	}
	for _, p := range m.ID().Parts() {
		out = append(out, Order{Field: p, Desc: id.Desc, Nulls: id.Nulls})
	}
	return out
}

// include configures the eager loading of one edge (and, recursively, of
// the includes below it) on q.
func include(ctx context.Context, q Query, in *Include, vs views) {
	q.Include(in.Edge.Index(), func(cq Query) {
		p, v := in.Plan, vs[in.Plan]
		where := v.where
		if v.empty {
			where = Const(false)
		}
		if pred := Compile(ctx, p.Model, where); pred != nil {
			cq.Where(pred)
		}
		if !in.Edge.Unique() {
			if p.Limit >= 0 || p.Offset > 0 || len(p.Distinct) > 0 {
				pagePerParent(ctx, cq, in, v)
			} else {
				cq.Order(orders(ctx, p.Model, p.Order)...)
			}
		}
		for _, sub := range p.Include {
			include(ctx, cq, sub, vs)
		}
	})
}

// withoutImplied drops from f the top-level equality comparisons that the
// read scope already ANDs (terms): the policy enforces them anyway.
func withoutImplied(ctx context.Context, m *Model, f Filter) Filter {
	if f == nil {
		return nil
	}
	terms := m.Ops().ReadTerms(ctx)
	if len(terms) == 0 {
		return f
	}
	implied := func(x Filter) bool {
		c, ok := x.(*Cmp)
		if !ok || c.Op != OpEQ || c.Fold || c.Value == nil || fieldScope(ctx, c.Field) != nil {
			return false
		}
		for _, t := range terms {
			if t.Column == c.Field.Column() && sameValue(t.Value, c.Value) {
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
