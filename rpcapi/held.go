package rpcapi

import (
	"context"
	"slices"

	"github.com/entstack/entstack/resource"
)

// A relation whose other side is a required to-one (user.posts: each post
// needs its author, resource.Edge.Holds) cannot drop a member from this
// side: the member's foreign key would become NULL, which the database
// refuses. Prisma reports it as a violation of the required relation; here
// it is a 422 naming the relation, before anything is written.

// orphans is the error of a nested write that would unlink rows of e's
// target from the row they require.
func orphans(e *resource.Edge, path string) error {
	inv := e.OtherSide()
	return argError(path, resource.CodeInvalidParameter, "%s.%s is required: a %s cannot be unlinked from its %s (delete it, or connect it to another %s from its side)",
		inv.Model().Name(), inv.Name(), inv.Model().Type(), inv.Name(), e.Model().Type())
}

// unlinks checks a disconnect or set of ids on a to-many relation that
// holds its members, and returns the operation to apply: a disconnect of
// a connected row is refused (of rows not connected, it does nothing); a
// set is refused when it would drop a connected row, and otherwise only
// adds the rows not connected yet (a set clears the relation first, which
// would unlink every member for a moment).
func (mu *mutator) unlinks(ctx context.Context, w *resource.Write, e *resource.Edge, op resource.EdgeOp, ids []any, path string) (resource.EdgeWrite, error) {
	ew := resource.EdgeWrite{Edge: e, Op: op, IDs: ids, Checked: true}
	if w.ID == nil {
		return ew, nil // a create: nothing is connected yet
	}
	current, err := mu.relatedAll(ctx, e, w.ID, nil, path)
	if err != nil {
		return ew, err
	}
	for _, id := range current {
		if slices.Contains(ids, id) == (op == resource.EdgeRemove) {
			return ew, orphans(e, path)
		}
	}
	if op == resource.EdgeRemove {
		return ew, nil // none of them is connected: nothing to do
	}
	ew.Op, ew.IDs = resource.EdgeAdd, nil
	for _, id := range ids {
		if !slices.Contains(current, id) {
			ew.IDs = append(ew.IDs, id)
		}
	}
	return ew, nil
}

// keepsHeld checks a connect, create or connectOrCreate on a to-one
// relation that holds its row (user.profile when each profile needs its
// user): the row connected now, if any, would be unlinked, unless it is
// id itself (then connected reports that there is nothing to do).
func (mu *mutator) keepsHeld(ctx context.Context, w *resource.Write, e *resource.Edge, id any, path string) (connected bool, err error) {
	if !e.Holds() || w.ID == nil {
		return false, nil
	}
	current, err := mu.related(ctx, e, w.ID, nil, path, false)
	switch {
	case err != nil || current == nil:
		return false, err
	case id != nil && current == id:
		return true, nil
	}
	return false, orphans(e, path)
}
