package privacy

import (
	"context"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
)

// Hook returns the mutation hook that enforces the policy of an entity on
// every mutation of it: bind gives the policy for the mutation's config
// (its transaction).
func Hook[A any, M Mutation, R Rules[A, M]](bind func(M) R) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			mm, ok := m.(M)
			if !ok {
				return nil, fmt.Errorf("entstack/privacy: unexpected mutation %T", m)
			}
			return Mutate[A](ctx, bind(mm), mm, next)
		})
	}
}

// Mutate enforces the policy r on m and runs it with next:
//
//   - create: the create rules, against m's values;
//   - update, delete: the rules as a guard on the rows (see guard); a
//     single-row write that the guard rejects is not found when the
//     viewer cannot read the row, else a policy error naming the rule;
//   - linking or unlinking rows of another entity (Meta.Links): that
//     entity's update rule, for every row linked or unlinked;
//   - post-update rules that only the written row decides: after the
//     write, in its transaction;
//   - the entity returned is masked like a query's.
func Mutate[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M, next ent.Mutator) (ent.Value, error) {
	a, skip, err := viewer[A, M](ctx, r)
	switch {
	case err != nil:
		return nil, err
	case skip:
		return next.Mutate(ctx, m)
	}
	op := m.Op()
	switch {
	case op.Is(ent.OpCreate):
		err = r.Create(ctx, a, m)
	case op.Is(ent.OpUpdate | ent.OpUpdateOne):
		err = guard[A](ctx, r, m, OpUpdate, r.Update(a, m), a)
	case op.Is(ent.OpDelete | ent.OpDeleteOne):
		err = guard[A](ctx, r, m, OpDelete, r.Delete(a), a)
	}
	if err == nil && !op.Is(ent.OpDelete|ent.OpDeleteOne) {
		err = checkLinks[A](ctx, r, m)
	}
	if err != nil {
		return nil, err
	}
	var after func(context.Context) error
	if au, ok := any(r).(afterUpdater[A, M]); ok && op.Is(ent.OpUpdate|ent.OpUpdateOne) {
		if after, err = au.After(ctx, a, m); err != nil {
			return nil, err
		}
	}
	v, err := next.Mutate(ctx, m)
	if err != nil {
		return nil, err
	}
	if after != nil {
		if err := after(ctx); err != nil {
			return nil, err
		}
	}
	if mk, ok := any(r).(masker[A]); ok {
		mk.Mask(a, v)
	}
	return v, nil
}

// guard restricts an update or delete to the rows its rules admit, so
// bulk writes skip the others (POL-SEM-07). A single-row write is checked
// first: an unreadable row is not found (404), a readable one that the
// rules reject is a policy error naming the rule (403).
func guard[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M, op string, parts []Part, a A) error {
	meta := r.Meta()
	if err := FieldDenied(meta.Model, op, parts); err != nil {
		return err
	}
	cond := All(parts)
	if m.Op().Is(ent.OpUpdateOne | ent.OpDeleteOne) {
		ids, err := r.IDs(Bypass(ctx), m)
		if err != nil {
			return err
		}
		if len(ids) == 1 {
			holds := rowHolds(ctx, r, ids[0])
			ok, err := holds(r.Read(a).Where())
			switch {
			case err != nil:
				return err
			case !ok:
				return meta.NotFound()
			}
			if !cond.IsTrue() {
				if ok, err := holds(cond.Where()); err != nil || !ok {
					if err != nil {
						return err
					}
					return Blame(meta.Model, op, parts, holds)
				}
			}
		}
	}
	if p := cond.Predicate(); p != nil {
		m.WhereP(p)
	}
	return nil
}

// rowHolds returns whether the row of e with the id matches a predicate,
// bypassing the policies.
func rowHolds(ctx context.Context, e Entity, id any) func(func(*sql.Selector)) (bool, error) {
	sys := Bypass(ctx)
	return func(p func(*sql.Selector)) (bool, error) {
		q := e.Table()
		q.Where(sql.FieldEQ(e.Meta().ID, id), p)
		n, err := q.Count(sys)
		return n > 0, err
	}
}
