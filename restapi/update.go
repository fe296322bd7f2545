package restapi

import (
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
	id, err := h.resolveID(r.Context(), m, rt.id)
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
	wr.ID = id
	if err := keepsHeld(r.Context(), wr, bodyPointer); err != nil {
		return err
	}
	if err := h.reg.Update(r.Context(), wr); err != nil {
		return err
	}
	return h.writeResource(w, r, wr, p, id, http.StatusOK, h.selfURL(rt, r))
}

// bodyPointer points at a relationship of a resource document.
func bodyPointer(e *resource.Edge) string { return "/data/relationships/" + e.MemberName() }
