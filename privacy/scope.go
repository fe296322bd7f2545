package privacy

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/resource"
)

// ReadFilter returns the predicate every query of r's entity gets (the
// query interceptor ANDs it): its read rule for the viewer of ctx, nil
// when every row is readable or the policies are bypassed. Ent calls
// interceptors in prepareQuery, so counts, aggregates, traversals and
// eager loads from other entities (M2M included) carry it in SQL. A rule
// that is constant for the viewer's id alone (User's "allow read: true")
// does not load the viewer's entity (viewerByID).
func ReadFilter[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R) (func(*sql.Selector), error) {
	c, skip, err := readRule[A, M](ctx, r)
	if skip || err != nil {
		return nil, err
	}
	return c.Predicate(), nil
}

// readRule is r's read rule for the viewer of ctx, built without loading
// the viewer's entity when the rule is a constant without it; skip when
// ctx bypasses the policies.
func readRule[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R) (c Cond, skip bool, err error) {
	a, lazy, skip, err := viewerByID[A, M](ctx, r)
	if skip || err != nil {
		return c, skip, err
	}
	if c = r.Read(a); lazy && redo(a, c.known) {
		if a, err = r.Viewer(ctx); err != nil {
			return c, false, err
		}
		c = r.Read(a)
	}
	return c, false, nil
}

// ReadScope is ReadFilter for the API runtime (resource.Ops.ReadScope),
// which ANDs it into relation filters (Ent renders them as raw
// sub-selects, which no interceptor sees). It fails closed: an error
// matches no row.
func ReadScope[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R) func(*sql.Selector) {
	p, err := ReadFilter[A, M](ctx, r)
	if err != nil {
		return none
	}
	return p
}

// ReadTerms returns the column = value terms the read rule ANDs for the
// viewer of ctx (resource.Ops.ReadTerms).
func ReadTerms[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R) []resource.Term {
	c, skip, err := readRule[A, M](ctx, r)
	if skip || err != nil {
		return nil
	}
	return c.Terms()
}

// WriteScope returns the rows the viewer of ctx may update (op OpUpdate)
// or delete (OpDelete), judged on the current row; nil when all of them
// (resource.Ops.WriteScope). Bulk writes touch only those, as ZenStack's
// do; post-update rules still run on the write.
func WriteScope[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, op string) func(*sql.Selector) {
	a, skip, err := viewer[A, M](ctx, r)
	switch {
	case skip:
		return nil
	case err != nil:
		return none
	case op == OpDelete:
		return All(r.Delete(a)).Predicate()
	}
	var noMutation M
	return All(r.Update(a, noMutation)).Predicate()
}

// FieldScope returns the rows whose API field Fields[i] the viewer of ctx
// may read, nil when all of them (resource.Ops.FieldScope): a filter or a
// sort on a read-guarded field must not tell the hidden values apart.
func FieldScope[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, i int) func(*sql.Selector) {
	mk, ok := any(r).(masker[A])
	if !ok {
		return nil
	}
	a, skip, err := viewer[A, M](ctx, r)
	switch {
	case skip:
		return nil
	case err != nil:
		return none
	}
	return mk.FieldRead(a, i).Predicate()
}

// MaskQuery hides, in the result v of a query of r's entity, the fields
// whose read rules reject the viewer of ctx: it sets each entity's hidden
// bit for the API writers and zeroes the Go field, so plain Go callers do
// not see it either (eager loads run their own queries: they are masked
// too). fields are the query's selected columns: a raw scan (Select,
// GroupBy) of a guarded column cannot be masked per row and fails closed.
func MaskQuery[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, v ent.Value, fields []string) error {
	mk, ok := any(r).(masker[A])
	if !ok {
		return nil
	}
	a, skip, err := viewer[A, M](ctx, r)
	if skip || err != nil {
		return err
	}
	switch v.(type) {
	case int, bool:
		return nil
	}
	if mk.Mask(a, v) {
		return nil
	}
	meta := r.Meta()
	for _, f := range fields {
		for _, g := range meta.Guarded {
			if f == g {
				return &Error{Model: meta.Model, Op: OpRead, Field: f, Reason: ReasonNoAccess}
			}
		}
	}
	return nil
}

// MaskRows applies mask to v when it is an entity E or a slice of them;
// false when it is neither.
func MaskRows[E any](v ent.Value, mask func(E)) bool {
	switch es := v.(type) {
	case []E:
		for _, e := range es {
			mask(e)
		}
	case E:
		mask(es)
	default:
		return false
	}
	return true
}

// Filter returns the query interceptor that narrows every query of an
// entity to the rows the viewer may read (ReadFilter). bind gives, for a
// query, the policy for its config and the query's typed Where.
func Filter[Q ent.Query, P ~func(*sql.Selector), W any, A any, M Mutation, R Rules[A, M]](bind func(Q) (R, func(...P) W)) ent.Interceptor {
	return ent.TraverseFunc(func(ctx context.Context, q ent.Query) error {
		tq, ok := q.(Q)
		if !ok {
			return fmt.Errorf("entstack/privacy: unexpected query %T", q)
		}
		r, where := bind(tq)
		pred, err := ReadFilter[A, M](ctx, r)
		if pred != nil {
			where(P(pred))
		}
		return err
	})
}

// Masker returns the query interceptor that masks the fields of every
// entity a query returns (MaskQuery). bind gives, for a query, the policy
// for its config and the query's selected columns.
func Masker[Q ent.Query, A any, M Mutation, R Rules[A, M]](bind func(Q) (R, []string)) ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			v, err := next.Query(ctx, q)
			if err != nil {
				return nil, err
			}
			tq, ok := q.(Q)
			if !ok {
				return nil, fmt.Errorf("entstack/privacy: unexpected query %T", q)
			}
			r, fields := bind(tq)
			if err := MaskQuery[A, M](ctx, r, v, fields); err != nil {
				return nil, err
			}
			return v, nil
		})
	})
}
