package restapi

import (
	"net/http"
)

// delete serves DELETE /:type/:id: 204 (JA-DEL-01), 404 when the row does
// not exist or the viewer cannot see it (JA-DEL-03).
func (h *Handler) delete(w http.ResponseWriter, r *http.Request, rt *route) error {
	m := rt.model
	id, err := h.resolveID(r.Context(), m, rt.id)
	if err != nil {
		return err
	}
	if err := h.reg.Delete(r.Context(), m, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
