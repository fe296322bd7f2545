package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// foreignKeys turns the foreign keys that data sets as scalars (a comment's
// postId) into the relation changes they are, so that they take the path of
// connect and disconnect: the target must exist and be readable by the
// viewer, or the answer is connect's not-found (a hidden row answers as a
// missing one: no existence oracle), and the relation's own checks apply
// to the change. It runs after checkMixed, which needs the scalars.
func (mu *mutator) foreignKeys(ctx context.Context, w *resource.Write, path string) error {
	kept := w.Fields[:0]
	for _, fw := range w.Fields {
		e := fw.Field.Edge()
		if e == nil || fw.Op != resource.FieldSet {
			kept = append(kept, fw)
			continue
		}
		ew := resource.EdgeWrite{Edge: e, Op: resource.EdgeSet}
		if fw.Value != nil {
			fp := join(path, fw.Field.Name())
			t := e.Target()
			res, err := resource.Find(ctx, &resource.Plan{Model: t, Limit: 1,
				Where: &resource.Cmp{Field: t.ID(), Op: resource.OpEQ, Value: fw.Value}})
			if err != nil {
				return err
			}
			if len(res.Rows) == 0 {
				return resource.Errorf(resource.NotFound, resource.CodeNotFound, "no %s found for the unique where", t.Name()).AtPath(fp)
			}
			id := res.Rows[0].ID()
			if connected, err := mu.keepsHeld(ctx, w, e, id, fp); err != nil || connected {
				if err != nil {
					return err
				}
				continue
			}
			ew.IDs, ew.Checked = []any{id}, true
		}
		w.Edges = append(w.Edges, ew)
	}
	w.Fields = kept
	return nil
}
