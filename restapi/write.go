package restapi

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/entstack/entstack/resource"
)

// write routes the endpoints that change data:
//
//	POST          /:type                          create (201 + Location)
//	PATCH, PUT    /:type/:id                      update (200; PUT is partial too)
//	DELETE        /:type/:id                      delete (204)
//	PATCH         /:type/:id/relationships/:rel   replace or set/clear (200)
//	POST, DELETE  /:type/:id/relationships/:rel   add or remove to-many members (200)
//
// and, with Options.NestedRoutes, the nested routes of nested.go.
//
// Any other method is a 405 with an Allow header.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, rt *route) error {
	m := r.Method
	switch {
	case rt.relation:
		if m == http.MethodPatch || m == http.MethodPost || m == http.MethodDelete {
			return h.relationship(w, r, rt)
		}
		return badMethod(w, r, rt, "GET", "HEAD", "PATCH", "POST", "DELETE")
	case rt.child != "":
		switch m {
		case http.MethodPatch, http.MethodPut:
			return h.nestedUpdate(w, r, rt)
		case http.MethodDelete:
			return h.nestedDelete(w, r, rt)
		}
		return badMethod(w, r, rt, "GET", "HEAD", "PATCH", "PUT", "DELETE")
	case rt.edge != nil && h.nestable(rt.edge) && !rt.edge.Unique():
		if m == http.MethodPost {
			return h.nestedCreate(w, r, rt)
		}
		return badMethod(w, r, rt, "GET", "HEAD", "POST")
	case rt.edge != nil && h.nestable(rt.edge):
		if m == http.MethodPatch || m == http.MethodPut {
			return h.nestedUpdate(w, r, rt)
		}
		return badMethod(w, r, rt, "GET", "HEAD", "PATCH", "PUT")
	case rt.edge != nil:
		return badMethod(w, r, rt, "GET", "HEAD")
	case rt.id == "":
		if m == http.MethodPost {
			return h.create(w, r, rt)
		}
		return badMethod(w, r, rt, "GET", "HEAD", "POST")
	case m == http.MethodPatch || m == http.MethodPut:
		return h.update(w, r, rt)
	case m == http.MethodDelete:
		return h.delete(w, r, rt)
	}
	return badMethod(w, r, rt, "GET", "HEAD", "PATCH", "PUT", "DELETE")
}

func badMethod(w http.ResponseWriter, r *http.Request, rt *route, allow ...string) error {
	w.Header().Set("Allow", strings.Join(allow, ", "))
	return resource.Errorf(resource.BadMethod, resource.CodeMethod, "method %s is not supported on %s", r.Method, rt.path)
}

// writeResource answers a create or update with the row as the viewer now
// reads it, honouring include and fields like GET does.
func (h *Handler) writeResource(w http.ResponseWriter, r *http.Request, m *resource.Model, p *params, saved resource.Saved, code int, self string) error {
	row, err := resource.ReadSaved(r.Context(), h.plan(m, p, nil), saved.ID, saved.Row)
	if err != nil {
		return err
	}
	loc := h.opts.Endpoint + "/" + m.Type() + "/" + url.PathEscape(h.idText(m, row))
	switch {
	case code == http.StatusCreated:
		// JA-CRT-05: Location equals the resource's links.self.
		w.Header().Set("Location", loc)
		self = loc
	case self == "":
		self = loc
	}
	doc := h.newDoc(p)
	if err := doc.fetchLinkage(r.Context(), m, []resource.Row{row}, true); err != nil {
		doc.release()
		return err
	}
	doc.open()
	doc.primary(m, row)
	doc.includedMember()
	doc.selfLinks(self)
	doc.close()
	h.sendDoc(w, code, doc)
	return nil
}
