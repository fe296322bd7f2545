package resource

import (
	"context"
	"slices"

	"entgo.io/ent/dialect/sql"
)

// cursorFilter returns the filter of the rows of m at or after the row
// that where selects (Prisma's cursor, RPC-PAGE-02: the cursor row itself
// included), in orders with Find's tie-breaker by id appended. found is
// false when no row the viewer can read matches where: then no row is.
//
// The rows are compared by their sort keys as the viewer sees them (see
// key), read for the cursor row in one query: a field hidden by a
// field-level read rule sorts, and so compares, as NULL, and orders
// through relations and by relation counts take part too, so that pages
// neither skip nor repeat rows whatever the order. The filter is the
// lexicographic "(k1 > c1) OR (k1 = c1 AND k2 > c2) … OR (all equal)",
// NULL-aware with the NULL placement the orders sort with.
func cursorFilter(ctx context.Context, m *Model, orders []Order, where Filter) (f Filter, found bool, err error) {
	keys := cursorKeys(m, orders)
	q := m.Ops().Query(ctx)
	if p := Compile(ctx, m, where); p != nil {
		q.Where(p)
	}
	q.Limit(1)
	vals := make([]any, len(keys))
	err = q.Scan(ctx, func(s *sql.Selector) {
		s.Select()
		for _, o := range keys {
			s.AppendSelectExpr(key(ctx, s.Dialect(), s.TableName(), o).querier())
		}
	}, func(rows *sql.Rows) error {
		found = true
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		return rows.Scan(ptrs...)
	})
	if err != nil || !found {
		return nil, found, err
	}
	if last := keys[len(keys)-1]; len(last.Field.Parts()) > 0 {
		// a composite id orders by its parts
		keys = keys[:len(keys)-1]
		for _, p := range last.Field.Parts() {
			keys = append(keys, Order{Field: p, Desc: last.Desc})
		}
	}
	var or Or
	var eq And
	for i, o := range keys {
		v := vals[i]
		if o.Count != nil {
			v = ScanValue(KindInt, v)
		} else {
			v = ScanValue(o.Field.Kind(), v)
		}
		if gt := beyond(o, v); gt != nil {
			or = append(or, AndOf(append(append(And{}, eq...), gt)...))
		}
		eq = append(eq, same(o, v))
	}
	return append(or, AndOf(eq...)), true, nil
}

// cursorKeys are the keys a cursor compares: the order with Find's
// tie-breaker (see tieBroken), each key once (a key sorted again decides
// nothing more).
func cursorKeys(m *Model, orders []Order) []Order {
	var keys []Order
	for _, o := range tieBroken(m, orders) {
		if !slices.ContainsFunc(keys, func(k Order) bool { return sameKey(k, o) }) {
			keys = append(keys, o)
		}
	}
	return keys
}

// sameKey reports whether two orders sort by the same value.
func sameKey(a, b Order) bool {
	return a.Field == b.Field && a.Count == b.Count && slices.Equal(a.Path, b.Path)
}

// nullable reports whether the sort key of o may be NULL: a nullable
// field, one a field-level read rule may hide, or one reached through a
// relation (the related row may be missing or unreadable). Counts never
// are.
func nullable(o Order) bool {
	switch {
	case o.Count != nil:
		return false
	case len(o.Path) > 0 || o.Field.ReadRule():
		return true
	}
	return o.Field.Nullable()
}

// nullsFirst reports where NULLs sort for an order (see writeNulls).
func nullsFirst(o Order) bool {
	switch o.Nulls {
	case NullsFirst:
		return true
	case NullsLast:
		return false
	}
	return !o.Desc
}

// beyond matches the rows whose key is strictly after v in the order;
// nil when none is.
func beyond(o Order, v any) Filter {
	if v == nil {
		if nullsFirst(o) {
			return &keyCmp{order: o, op: OpIsNull, value: false}
		}
		return nil
	}
	op := OpGT
	if o.Desc {
		op = OpLT
	}
	c := &keyCmp{order: o, op: op, value: v}
	if nullable(o) && !nullsFirst(o) {
		return Or{c, &keyCmp{order: o, op: OpIsNull, value: true}}
	}
	return c
}

func same(o Order, v any) Filter {
	if v == nil {
		return &keyCmp{order: o, op: OpIsNull, value: true}
	}
	return &keyCmp{order: o, op: OpEQ, value: v}
}

// keyCmp compares the sort key of an order (see key) with a value: OpEQ,
// OpLT, OpGT, or OpIsNull with a bool.
type keyCmp struct {
	order Order
	op    Op
	value any
}

func (*keyCmp) isFilter() {}

func (c *keyCmp) predicate(ctx context.Context) Predicate {
	return func(s *sql.Selector) {
		k := key(ctx, s.Dialect(), s.TableName(), c.order)
		s.Where(sql.P(func(b *sql.Builder) {
			k.write(b)
			switch c.op {
			case OpIsNull:
				if c.value == true {
					b.WriteString(" IS NULL")
				} else {
					b.WriteString(" IS NOT NULL")
				}
				return
			case OpLT:
				b.WriteOp(sql.OpLT)
			case OpGT:
				b.WriteOp(sql.OpGT)
			default:
				b.WriteOp(sql.OpEQ)
			}
			b.Arg(c.value)
		}))
	}
}

// Reverse returns the orders that list the rows of orders backwards
// (negative take, RPC-PAGE-03): every direction and NULL placement
// flipped. Find's id tie-breaker follows the last key, so it flips too.
func Reverse(m *Model, orders []Order) []Order {
	if len(orders) == 0 {
		return []Order{{Field: m.ID(), Desc: true}}
	}
	out := make([]Order, len(orders))
	for i, o := range orders {
		o.Desc = !o.Desc
		switch o.Nulls {
		case NullsFirst:
			o.Nulls = NullsLast
		case NullsLast:
			o.Nulls = NullsFirst
		}
		out[i] = o
	}
	return out
}
