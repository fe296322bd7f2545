package resource

import (
	"context"
	"errors"

	"entgo.io/ent"
)

// Rejected is an error that one of the schema's own mutation hooks (its
// Hooks, or the hook of its Ent privacy Policy) returned itself, rather
// than passed on from the mutations below it: the schema refused the
// change ("version field must be incremented by 1"). Classify answers it
// as an Ent validator's error (Invalid, with its message), after the
// classes that name a cause (a policy denial, a database or context
// error, which a hook may also return): the request's fault, not a bug.
type Rejected struct{ Err error }

func (e *Rejected) Error() string { return e.Err.Error() }
func (e *Rejected) Unwrap() error { return e.Err }

// SchemaHook wraps one of a schema's own hooks (the generated registry
// wraps each entry of its Hooks once): an error the hook returns that is
// none of those its next mutator returned to it is marked Rejected, in
// API requests only (plain Go callers get the hook's error untouched).
// The errors from below (the database, Ent's validators, the hooks that
// run later) are returned as they are, so that a database outage behind a
// hook stays a 503 and a bug stays a 500.
func SchemaHook(h ent.Hook) ent.Hook {
	if h == nil {
		return nil
	}
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if ctx.Value(txKey{}) == nil {
				return h(next).Mutate(ctx, m)
			}
			var below []error
			v, err := h(ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
				v, err := next.Mutate(ctx, m)
				if err != nil {
					below = append(below, err)
				}
				return v, err
			})).Mutate(ctx, m)
			if err == nil {
				return v, nil
			}
			var r *Rejected
			if errors.As(err, &r) {
				return v, err
			}
			for _, b := range below {
				if errors.Is(err, b) {
					return v, err
				}
			}
			return v, &Rejected{Err: err}
		})
	}
}
