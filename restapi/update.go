package restapi

import (
	"context"
	"net/http"

	"github.com/entstack/entstack/resource"
)

// update serves PATCH and PUT /:type/:id. Both are partial: members the body
// leaves out keep their values (JA-UPD-02, JA-UPD-03); a to-many given is
// replaced whole (JA-UPD-04). The answer is 200 with the updated resource
// (JA-UPD-06).
func (h *Handler) update(w http.ResponseWriter, r *http.Request, rt *route) error {
	m := rt.model
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.parseParams(m, q, false)
	if err != nil {
		return err
	}
	where, err := h.idFilter(m, rt.id)
	if err != nil {
		return err
	}
	body, err := h.readBody(r)
	if err != nil {
		return err
	}
	wr, err := parseResource(m, body, rt.id, h.ids)
	if err != nil {
		return err
	}
	if err := h.resolveLinkage(r.Context(), wr); err != nil {
		return err
	}
	id, err := h.updateTarget(r.Context(), m, rt.id, where, len(wr.Edges) > 0)
	if err != nil {
		return err
	}
	wr.ID = id
	if err := keepsHeld(r.Context(), wr, bodyPointer); err != nil {
		return err
	}
	saved, err := h.reg.Update(r.Context(), wr)
	if err != nil {
		return err
	}
	return h.writeResource(w, r, m, p, saved, http.StatusOK, h.selfURL(rt, r))
}

// updateTarget returns the id of the row an update names. A plain id
// needs no query when only the row's own fields change: the update's guard
// decides (ZenStack: the update rules alone), and explains a row it misses
// after the fact. An external id, or relationship changes (which read the
// row's relations first), look the row up among those the viewer may read
// or update: one it may do neither with is a 404, as a missing one.
func (h *Handler) updateTarget(ctx context.Context, m *resource.Model, raw string, where resource.Filter, edges bool) (any, error) {
	plain := h.ids.field(m) == m.ID()
	if plain && !edges {
		return where.(*resource.Cmp).Value, nil
	}
	id, err := resource.FindWritable(ctx, m, where, "update")
	if e, ok := err.(*resource.Error); ok && e.Kind == resource.NotFound {
		if plain {
			// as the write itself words it
			return nil, resource.Errorf(resource.NotFound, resource.CodeNotFound, "%s %v not found", m.Type(), where.(*resource.Cmp).Value)
		}
		return nil, notFound(m, raw)
	}
	return id, err
}

// bodyPointer points at a relationship of a resource document.
func bodyPointer(e *resource.Edge) string { return "/data/relationships/" + e.MemberName() }
