package restapi

import (
	"context"
	"net/http"

	"github.com/entstack/entstack/resource"
)

// relationship serves PATCH, POST and DELETE on /:type/:id/relationships/:rel
// (JA-REL-01..05), in one transaction. Every success is answered alike: 200
// with the relationship's resulting linkage, the document GET on the same
// URL returns (JA-REL-06), so a client never needs a second request.
//
// A to-one relationship is only set or cleared with PATCH; POST and DELETE
// on it are 400 invalid-verb, as in ZenStack: nothing is forbidden, the
// verb does not apply to a to-one.
func (h *Handler) relationship(w http.ResponseWriter, r *http.Request, rt *route) error {
	m, e := rt.model, rt.edge
	op := resource.EdgeSet
	switch r.Method {
	case http.MethodPost:
		op = resource.EdgeAdd
	case http.MethodDelete:
		op = resource.EdgeRemove
	}
	if e.Unique() && op != resource.EdgeSet {
		return resource.Errorf(resource.Invalid, CodeInvalidVerb,
			"relationship %q is to-one: set or clear it with PATCH", e.MemberName())
	}
	if op != resource.EdgeAdd && requiredInverse(e) {
		return orphaning(e, "")
	}
	// The query string is the one GET takes on this URL: check it before
	// writing, as the answer is rendered with it.
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	if _, err := h.relatedParams(rt, q); err != nil {
		return err
	}
	where, err := h.idFilter(m, rt.id)
	if err != nil {
		return err
	}
	parentID, err := h.updateTarget(r.Context(), m, rt.id, where, true)
	if err != nil {
		return err
	}
	if err := checkEdgeWritable(e, true, "/data"); err != nil {
		return err
	}
	body, err := h.readBody(r)
	if err != nil {
		return err
	}
	data, err := parseDocument(body)
	if err != nil {
		return err
	}
	ids, err := parseLinkage(e, data, "/data", h.ids)
	if err != nil {
		return err
	}
	loc := &pointers{body: "/data"}
	loc.setEdge(e, "/data")
	if h.ids.field(e.Target()) != e.Target().ID() {
		loc.setExternal(e)
	}
	wr := &resource.Write{Model: m, ID: parentID, Locate: loc,
		Edges: []resource.EdgeWrite{{Edge: e, Op: op, IDs: ids}}}
	if err := h.resolveLinkage(r.Context(), wr); err != nil {
		return err
	}
	err = h.reg.InTx(r.Context(), func(ctx context.Context) error {
		if err := keepsHeld(ctx, wr, func(*resource.Edge) string { return "/data" }); err != nil {
			return err
		}
		_, err := h.reg.UpdateTx(ctx, wr)
		return err
	})
	if err != nil {
		return err
	}
	return h.related(w, r, rt)
}

// requiredInverse reports whether e is a to-many whose members must each
// keep a parent (post.author is required, so user.posts is). Removing
// members from it, or replacing it, would orphan them: JSON:API lets a
// server refuse that with 403 (JA-REL-03, JA-REL-05, JA-UPD-05).
func requiredInverse(e *resource.Edge) bool {
	return !e.Unique() && e.Holds()
}

func orphaning(e *resource.Edge, ptr string) *resource.Error {
	format := "members of %s.%s cannot be removed or replaced: each %s needs one (add them to another %s instead)"
	if e.Unique() {
		format = "relationship %s.%s cannot be cleared or replaced: its %s needs one (link it to another %s from its side, or delete it)"
	}
	err := resource.Errorf(resource.Forbidden, resource.CodeForbidden, format,
		e.Model().Type(), e.MemberName(), e.Target().Type(), e.Model().Type())
	if ptr != "" {
		err.AtPointer(ptr)
	}
	return err
}
