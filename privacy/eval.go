package privacy

import (
	"cmp"
	"context"
	"reflect"

	"github.com/entstack/entstack/resource"
)

// Eval decides c on a row held in Go (resource.Values gives its column
// values), without a query. ok is false when c holds a part that Go
// cannot decide exactly as every database would: a relation or a raw
// predicate, a string, time or float comparison (collations, precision),
// or values of different Go types. The caller then asks the database.
//
// A comparison with a NULL column is false, and Not is two-valued, as the
// SQL rendering (Not's IS NOT TRUE) and the rule language have it.
func (c Cond) Eval(row resource.Values) (holds, ok bool) {
	switch {
	case c.known:
		return c.val, true
	case c.eval == nil:
		return false, false
	}
	return c.eval(row)
}

// evalFunc decides a condition on a row: ok false is "cannot say".
type evalFunc func(resource.Values) (holds, ok bool)

// evalAll is the evaluation of And: false as soon as one part is false,
// undecided if a part is undecided and none is false.
func evalAll(cs []Cond) evalFunc {
	return func(row resource.Values) (bool, bool) {
		decided := true
		for _, c := range cs {
			holds, ok := c.Eval(row)
			switch {
			case ok && !holds:
				return false, true
			case !ok:
				decided = false
			}
		}
		return decided, decided
	}
}

// evalAny is the evaluation of Or: true as soon as one part is true.
func evalAny(cs []Cond) evalFunc {
	return func(row resource.Values) (bool, bool) {
		decided := true
		for _, c := range cs {
			holds, ok := c.Eval(row)
			switch {
			case ok && holds:
				return true, true
			case !ok:
				decided = false
			}
		}
		return false, decided
	}
}

// evalCmp compares a column of the row with v.
func evalCmp(column string, op Op, v any) evalFunc {
	return func(row resource.Values) (bool, bool) {
		rv, ok := row(column)
		if !ok {
			return false, false
		}
		if rv == nil {
			return false, true
		}
		return compare(rv, op, v)
	}
}

// evalColumns compares two columns of the row.
func evalColumns(a string, op Op, b string) evalFunc {
	return func(row resource.Values) (bool, bool) {
		av, okA := row(a)
		bv, okB := row(b)
		switch {
		case !okA || !okB:
			return false, false
		case av == nil || bv == nil:
			return false, true
		}
		return compare(av, op, bv)
	}
}

// evalNull tests a column for NULL (op EQ) or not (NEQ).
func evalNull(column string, op Op) evalFunc {
	return func(row resource.Values) (bool, bool) {
		rv, ok := row(column)
		if !ok {
			return false, false
		}
		return (rv == nil) == (op == EQ), true
	}
}

// evalIn is column IN (vs…).
func evalIn(column string, vs []any) evalFunc {
	return func(row resource.Values) (bool, bool) {
		rv, ok := row(column)
		if !ok {
			return false, false
		}
		if rv == nil {
			return false, true
		}
		for _, v := range vs {
			holds, ok := compare(rv, EQ, v)
			if !ok {
				return false, false
			}
			if holds {
				return true, true
			}
		}
		return false, true
	}
}

// compare applies op to two non-nil values of the same Go type. Booleans
// and integers compare exactly on every database; so do fixed-size byte
// arrays (UUIDs) for equality. Anything else is left to the database.
func compare(a any, op Op, b any) (holds, ok bool) {
	switch a := a.(type) { // the common cases without reflection
	case int:
		if b, same := b.(int); same {
			return order(cmp.Compare(a, b), op), true
		}
		return false, false
	case bool:
		if b, same := b.(bool); same && (op == EQ || op == NEQ) {
			return (a == b) == (op == EQ), true
		}
		return false, false
	}
	ta, tb := reflect.TypeOf(a), reflect.TypeOf(b)
	if ta != tb {
		return false, false
	}
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	switch ta.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return order(cmp.Compare(va.Int(), vb.Int()), op), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return order(cmp.Compare(va.Uint(), vb.Uint()), op), true
	case reflect.Bool:
		if op == EQ || op == NEQ {
			return (va.Bool() == vb.Bool()) == (op == EQ), true
		}
	case reflect.Array:
		if ta.Elem().Kind() == reflect.Uint8 && (op == EQ || op == NEQ) {
			return (a == b) == (op == EQ), true
		}
	}
	return false, false
}

// order reports whether the three-way comparison c satisfies op.
func order(c int, op Op) bool {
	switch op {
	case EQ:
		return c == 0
	case NEQ:
		return c != 0
	case LT:
		return c < 0
	case LTE:
		return c <= 0
	case GT:
		return c > 0
	}
	return c >= 0
}

// ReadsRow decides r's read rule for the viewer of ctx on a row held in Go
// (resource.Ops.ReadsRow): a row a write returned answers the request
// without a read-back when this decides it. ok is false when Go cannot
// decide (see Cond.Eval) or the viewer cannot be loaded. The viewer's
// entity is loaded only when a rule reading it is needed (viewerByID).
func ReadsRow[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, row resource.Values) (readable, ok bool) {
	a, lazy, skip, err := viewerByID[A, M](ctx, r)
	switch {
	case skip:
		return true, true
	case err != nil:
		return false, false
	}
	if readable, ok = r.Read(a).Eval(row); lazy && redo(a, ok) {
		if a, err = r.Viewer(ctx); err != nil {
			return false, false
		}
		readable, ok = r.Read(a).Eval(row)
	}
	return readable, ok
}
