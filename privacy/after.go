package privacy

import (
	"context"
	"fmt"
)

// PostWrite prepares the check of the update rules of e that only the
// written row decides (a post-update value through a relation, a
// collection in a post-update rule): load returns the rows the update is
// about to write (after the guard narrowed it), read under bypass; check
// gives, for one of them as it was, its id and the rules as parts. The
// returned function runs after the write, in its transaction, against the
// rows as written: a denial is an error that leaves the caller to roll the
// transaction back, which is why such updates must run in one (inTx).
func PostWrite[E any](ctx context.Context, e Entity, inTx bool, load func(context.Context) ([]E, error), check func(old E) (id any, parts []Part)) (func(context.Context) error, error) {
	model := e.Meta().Model
	if !inTx {
		return nil, fmt.Errorf("entstack/privacy: updates of %s must run in a transaction: its post-update rules are checked after the write, and a denial rolls it back", model)
	}
	olds, err := load(Bypass(ctx))
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) error {
		for _, old := range olds {
			id, parts := check(old)
			cond := All(parts)
			if cond.IsTrue() {
				continue
			}
			holds := rowHolds(ctx, e, id)
			ok, err := holds(cond.Where())
			if err != nil {
				return err
			}
			if !ok {
				return Blame(model, OpUpdate, parts, holds)
			}
		}
		return nil
	}, nil
}
