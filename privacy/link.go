package privacy

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
)

// checkLinks checks the rows of other entities that m links or unlinks
// through the edges whose other side holds the link (POL-SEM-15): the
// viewer must be allowed to update each of them. Clearing such an edge
// unlinks every row linked to the rows m changes.
func checkLinks[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M) error {
	for _, edge := range r.Meta().Links {
		added, removed := m.AddedIDs(edge), m.RemovedIDs(edge)
		cleared := m.EdgeCleared(edge) && !m.Op().Is(ent.OpCreate)
		if len(added) == 0 && len(removed) == 0 && !cleared {
			continue
		}
		target, _ := r.Link(edge, nil)
		for _, ids := range [][]ent.Value{added, removed} {
			if err := Connectable(ctx, target, ids); err != nil {
				return err
			}
		}
		if cleared {
			if err := unlinkAll[A](ctx, r, m, edge); err != nil {
				return err
			}
		}
	}
	return nil
}

// Connectable checks that the viewer of ctx may link or unlink the rows
// of t with the ids: each must be readable and updatable.
func Connectable(ctx context.Context, t Linkable, ids []ent.Value) error {
	if len(ids) == 0 {
		return nil
	}
	cond, skip, err := t.linkCond(ctx)
	switch {
	case skip || err != nil:
		return err
	case cond.IsTrue():
		return nil
	case cond.IsFalse():
		return Denied(t.Meta().Model, OpUpdate, "")
	}
	keys := make([]any, 0, len(ids))
	seen := make(map[any]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			keys = append(keys, id)
		}
	}
	q := t.Table()
	q.Where(sql.FieldIn(t.Meta().ID, keys...), cond.Where())
	n, err := q.Count(Bypass(ctx))
	if err != nil {
		return err
	}
	if n != len(keys) {
		return Denied(t.Meta().Model, OpUpdate, "")
	}
	return nil
}

// unlinkAll checks the clearing of edge by m: every row linked to the
// rows m changes (after the guard narrowed them) is unlinked.
func unlinkAll[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M, edge string) error {
	sys := Bypass(ctx)
	rows, err := r.IDs(sys, m)
	if err != nil || len(rows) == 0 {
		return err
	}
	target, linked := r.Link(edge, rows)
	cond, skip, err := target.linkCond(ctx)
	if skip || err != nil || cond.IsTrue() {
		return err
	}
	// Counted twice rather than as NOT cond: a condition that is NULL on
	// a row (a comparison with a NULL column) must not let it through.
	allowed := linked.Clone()
	allowed.Where(cond.Where())
	n, err := linked.Count(sys)
	if err != nil || n == 0 {
		return err
	}
	ok, err := allowed.Count(sys)
	if err != nil {
		return err
	}
	if ok != n {
		return Denied(target.Meta().Model, OpUpdate, "")
	}
	return nil
}
