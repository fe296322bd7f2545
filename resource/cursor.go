package resource

// After returns a filter matching the rows at or after the cursor row in
// the order given (with Find's id tie-breaker appended), for Prisma's
// cursor pagination: the cursor row itself is included (RPC-PAGE-02). Only
// orders on the model's own fields take part; it is the lexicographic
// "(o1 > c1) OR (o1 = c1 AND o2 > c2) … OR (all equal)", NULL-aware with
// the NULL placement the orders compile to.
func After(m *Model, orders []Order, cursor Row) Filter {
	keys := make([]Order, 0, len(orders)+1)
	for _, o := range orders {
		if o.Field != nil && len(o.Path) == 0 && o.Count == nil {
			keys = append(keys, o)
		}
	}
	desc := false
	if n := len(keys); n > 0 {
		desc = keys[n-1].Desc
	}
	if len(keys) == 0 || keys[len(keys)-1].Field != m.ID {
		keys = append(keys, Order{Field: m.ID, Desc: desc})
	}
	if last := keys[len(keys)-1]; len(last.Field.Parts) > 0 {
		// a composite id orders by its parts
		keys = keys[:len(keys)-1]
		for _, p := range last.Field.Parts {
			keys = append(keys, Order{Field: p, Desc: last.Desc})
		}
	}
	var or Or
	var eq And
	for _, k := range keys {
		v := cursor.Value(k.Field.Index)
		if gt := beyond(k, v); gt != nil {
			or = append(or, AndOf(append(append(And{}, eq...), gt)...))
		}
		eq = append(eq, same(k.Field, v))
	}
	return append(or, AndOf(eq...))
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

// beyond matches values strictly after v in the order; nil when none is.
func beyond(o Order, v any) Filter {
	f := o.Field
	if v == nil {
		if nullsFirst(o) {
			return &Cmp{Field: f, Op: OpIsNull, Value: false}
		}
		return nil
	}
	op := OpGT
	if o.Desc {
		op = OpLT
	}
	c := &Cmp{Field: f, Op: op, Value: v}
	if f.Nullable() && !nullsFirst(o) {
		return Or{c, &Cmp{Field: f, Op: OpIsNull, Value: true}}
	}
	return c
}

func same(f *Field, v any) Filter {
	if v == nil {
		return &Cmp{Field: f, Op: OpIsNull, Value: true}
	}
	return &Cmp{Field: f, Op: OpEQ, Value: v}
}

// Reverse returns the orders that list the rows of orders backwards
// (negative take, RPC-PAGE-03): every direction and NULL placement
// flipped. Find's id tie-breaker follows the last key, so it flips too.
func Reverse(m *Model, orders []Order) []Order {
	if len(orders) == 0 {
		return []Order{{Field: m.ID, Desc: true}}
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
