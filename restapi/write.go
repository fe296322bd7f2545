package restapi

import (
	"context"
	"net/http"
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
// Any other method is a 405 with an Allow header.
func (h *Handler) write(w http.ResponseWriter, r *http.Request, rt *route) error {
	m := r.Method
	switch {
	case rt.relation:
		if m == http.MethodPatch || m == http.MethodPost || m == http.MethodDelete {
			return h.relationship(w, r, rt)
		}
		return badMethod(w, r, rt, "GET", "HEAD", "PATCH", "POST", "DELETE")
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
func (h *Handler) writeResource(w http.ResponseWriter, r *http.Request, wr *resource.Write, p *params, id any, code int, self string) error {
	m := wr.Model
	row := wr.Saved
	if row == nil || !savedIsReadable(r.Context(), m, p) {
		var err error
		if row, err = resource.ReadBack(r.Context(), h.plan(m, p, nil), id); err != nil {
			return err
		}
	}
	loc := h.opts.Endpoint + "/" + m.Type + "/" + idText(m, row)
	if code == http.StatusCreated {
		// JA-CRT-05: Location equals the resource's links.self.
		w.Header().Set("Location", loc)
		self = loc
	}
	doc := h.newDoc(p)
	doc.open()
	doc.primary(m, row)
	doc.includedMember()
	doc.selfLinks(self)
	doc.close()
	h.sendDoc(w, code, doc)
	return nil
}

// idText is the row's id as it appears in links (the JSON string's text).
func idText(m *resource.Model, row resource.Row) string {
	var a [32]byte
	b := resource.AppendResourceID(a[:0], m, row)
	if len(b) >= 2 && b[0] == '"' {
		b = b[1 : len(b)-1]
	}
	return string(b)
}

// savedIsReadable reports whether the row Ent returned from a write is what
// a read-back would load: the viewer may read every row and every field of
// m, and the answer includes nothing. It spares a query per write.
func savedIsReadable(ctx context.Context, m *resource.Model, p *params) bool {
	if len(p.include) > 0 || m.Ops.ReadScope(ctx) != nil {
		return false
	}
	for _, f := range m.Fields {
		if f.ReadRule {
			return false
		}
	}
	return true
}
