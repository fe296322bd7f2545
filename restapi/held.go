package restapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// keepsHeld refuses to replace or clear a to-one relationship that holds
// its row (user.profile when each profile needs its user, resource.Edge.Holds):
// the profile linked now would be left without a user, which the NOT NULL
// of its foreign key refuses. JSON:API lets a server refuse such a change
// with 403 (JA-REL-05, JA-UPD-05), as it refuses removing members from a
// to-many that holds them. Linking the row linked already is dropped from
// the write: there is nothing to do (and Ent would refuse to link a row
// that has a parent). A relation with no linked row (as the viewer sees
// it) passes.
func keepsHeld(ctx context.Context, w *resource.Write, pointer func(*resource.Edge) string) error {
	kept := w.Edges[:0]
	for _, ew := range w.Edges {
		e := ew.Edge
		if !e.Unique() || ew.Op != resource.EdgeSet || w.ID == nil || !e.Holds() {
			kept = append(kept, ew)
			continue
		}
		p := resource.NewPlan(e.Target())
		p.Where = resource.RelatedTo(e, w.ID)
		res, err := resource.Find(ctx, p)
		if err != nil {
			return err
		}
		switch {
		case len(res.Rows) == 0:
			kept = append(kept, ew)
		case len(ew.IDs) == 1 && res.Rows[0].ID() == ew.IDs[0]:
			// linked already
		default:
			return orphaning(e, pointer(e))
		}
	}
	w.Edges = kept
	return nil
}
