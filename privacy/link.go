package privacy

import (
	"context"

	"entgo.io/ent"
	"entgo.io/ent/dialect/sql"
)

// checkLinks checks the rows of other entities that m links or unlinks
// through the edges whose other side holds the link (POL-SEM-15): the
// viewer must be allowed to update each of them, by the update rules of
// their entity, deny rules included; when the link is a foreign key of
// theirs that those rules read (future().authorId), as the change of that
// key: to the id of the row of m for a link, to null for an unlink.
// Clearing such an edge unlinks every row linked to the rows m changes.
func checkLinks[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M) error {
	for _, edge := range r.Meta().Links {
		added, removed := m.AddedIDs(edge), m.RemovedIDs(edge)
		cleared := m.EdgeCleared(edge) && !m.Op().Is(ent.OpCreate)
		if len(added) == 0 && len(removed) == 0 && !cleared {
			continue
		}
		target, _ := r.Link(edge, nil)
		if len(added) > 0 {
			tos, err := linkedTo[A](ctx, r, m, target)
			if err != nil {
				return err
			}
			for _, to := range tos {
				if err := Connectable(ctx, target, added, to); err != nil {
					return err
				}
			}
		}
		if err := Connectable(ctx, target, removed, nil); err != nil {
			return err
		}
		if cleared {
			if err := unlinkAll[A](ctx, r, m, edge); err != nil {
				return err
			}
		}
	}
	return nil
}

// linkedTo returns the ids the rows m links are linked to, as their
// foreign key will hold them: the rows m changes, or the row it creates
// (unknownRow when the database generates its id). Only a target whose
// rules read the key needs them: for others it is one nil.
func linkedTo[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M, target Linkable) ([]any, error) {
	if !target.keyed() {
		return []any{nil}, nil
	}
	ids, err := r.IDs(Bypass(ctx), m)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 && m.Op().Is(ent.OpCreate) {
		return []any{unknownRow}, nil
	}
	return ids, nil
}

// Connectable checks that the viewer of ctx may link the rows of t with
// the ids to the row with the id to, or unlink them (to nil): each must be
// readable and updatable, its update rules seeing the change of its
// foreign key (Linkable).
func Connectable(ctx context.Context, t Linkable, ids []ent.Value, to any) error {
	if len(ids) == 0 {
		return nil
	}
	read, parts, skip, err := t.linkCond(ctx, to)
	if skip || err != nil {
		return err
	}
	cond := And(read, All(parts))
	if cond.IsTrue() {
		return nil
	}
	keys := make([]any, 0, len(ids))
	seen := make(map[any]bool, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			keys = append(keys, id)
		}
	}
	if !cond.IsFalse() {
		q := t.Table()
		q.Where(sql.FieldIn(t.Meta().ID, keys...), cond.Where())
		n, err := q.Count(Bypass(ctx))
		if err != nil || n == len(keys) {
			return err
		}
	}
	return blameLink(ctx, t, keys, read, parts)
}

// blameLink explains why linking or unlinking some of the rows of t with
// the ids was denied, from the first row that fails: a row the viewer
// cannot read is denied without more, else the rule is named as for a
// single-row update (Blame).
func blameLink(ctx context.Context, t Linkable, ids []any, read Cond, parts []Part) error {
	model := t.Meta().Model
	for _, id := range ids {
		holds := rowHolds(ctx, t, id)
		ok, err := holds(And(read, All(parts)).Where())
		switch {
		case err != nil:
			return err
		case ok:
			continue
		}
		if ok, err := holds(read.Where()); err != nil || !ok {
			if err != nil {
				return err
			}
			return Denied(model, OpUpdate, "")
		}
		return Blame(model, OpUpdate, parts, holds)
	}
	return Denied(model, OpUpdate, "")
}

// unlinkAll checks the clearing of edge by m: every row linked to the
// rows m changes (after the guard narrowed them) is unlinked, so the
// viewer must be allowed to unlink each, hidden ones included (the APIs
// never clear a to-many whose target hides rows from the viewer: they
// remove the members it can read, see resource.Write.replaceMembers).
func unlinkAll[A any, M Mutation, R Rules[A, M]](ctx context.Context, r R, m M, edge string) error {
	sys := Bypass(ctx)
	rows, err := r.IDs(sys, m)
	if err != nil || len(rows) == 0 {
		return err
	}
	target, linked := r.Link(edge, rows)
	read, parts, skip, err := target.linkCond(ctx, nil)
	cond := And(read, All(parts))
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
