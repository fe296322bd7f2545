package restapi

import (
	"net/http"
)

// create serves POST /:type: attributes and relationships in one
// transaction (JA-CRUD-01), answered with 201, the created resource and a
// Location header (JA-CRT-04, JA-CRT-05). A document whose meta asks for
// ZenStack's upsert is an upsert (upsert.go).
func (h *Handler) create(w http.ResponseWriter, r *http.Request, rt *route) error {
	m := rt.model
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.parseParams(m, q, false)
	if err != nil {
		return err
	}
	body, err := h.readBody(r)
	if err != nil {
		return err
	}
	wr, err := parseResource(m, body, "", h.ids)
	if err != nil {
		return err
	}
	if err := h.resolveLinkage(r.Context(), wr); err != nil {
		return err
	}
	if match, ok, err := upsertMeta(m, body); err != nil {
		return err
	} else if ok {
		return h.upsert(w, r, p, wr, match)
	}
	saved, err := h.reg.Create(r.Context(), wr)
	if err != nil {
		return err
	}
	return h.writeResource(w, r, m, p, saved, http.StatusCreated, "")
}
