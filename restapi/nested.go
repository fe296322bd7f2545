package restapi

import (
	"context"
	"net/http"

	"github.com/entstack/entstack/resource"
)

// Nested routes (Options.NestedRoutes, ZenStack v3's nestedRoutes) address
// the rows of a relationship through their parent:
//
//	GET /user/1/posts/5                post 5, a member of user 1's posts (404 otherwise)
//	PATCH, PUT /user/1/posts/5         update it (200)
//	DELETE /user/1/posts/5             delete it (204)
//	POST /user/1/posts                 create a post of user 1 (201, Location)
//	PATCH, PUT /user/1/profile         update user 1's profile (to-one, 200)
//
// The parent must exist for the viewer (404). The relationship that ties the
// child to its parent (post.author, or its foreign key authorId) is the
// route's: a body that sets it is a 400. Answers are those of the
// equivalent flat endpoints; the top-level self link is the nested URL.

// nestable reports whether e has nested routes: the option is on and the
// target exposes the inverse relationship that ties a child to its parent.
func (h *Handler) nestable(e *resource.Edge) bool {
	return h.opts.NestedRoutes && e.OtherSide() != nil
}

// nestedFetch serves GET /:type/:id/:rel/:child.
func (h *Handler) nestedFetch(w http.ResponseWriter, r *http.Request, rt *route) error {
	t := rt.edge.Target()
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.parseParams(t, q, false)
	if err != nil {
		return err
	}
	_, child, err := h.nestedIDs(r.Context(), rt)
	if err != nil {
		return err
	}
	pl := h.plan(t, p, &resource.Cmp{Field: t.ID(), Op: resource.OpEQ, Value: child.ID()})
	pl.Limit = 1
	res, err := resource.Find(r.Context(), pl)
	if err != nil {
		return err
	}
	if len(res.Rows) == 0 {
		return notMember(rt, rt.child)
	}
	doc := h.newDoc(p)
	if err := doc.fetchLinkage(r.Context(), t, res.Rows, true); err != nil {
		doc.release()
		return err
	}
	doc.open()
	doc.primary(t, res.Rows[0])
	doc.includedMember()
	doc.selfLinks(h.selfURL(rt, r))
	doc.close()
	h.sendDoc(w, http.StatusOK, doc)
	return nil
}

// nestedCreate serves POST /:type/:id/:rel: the child is created with its
// inverse relationship set to the parent, in one transaction with its other
// relationships.
func (h *Handler) nestedCreate(w http.ResponseWriter, r *http.Request, rt *route) error {
	t, inv := rt.edge.Target(), rt.edge.OtherSide()
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.parseParams(t, q, false)
	if err != nil {
		return err
	}
	parentID, err := h.exists(r, rt.model, rt.id)
	if err != nil {
		return err
	}
	body, err := h.readBody(r)
	if err != nil {
		return err
	}
	wr, err := parseResource(t, body, "", h.ids)
	if err != nil {
		return err
	}
	if err := h.resolveLinkage(r.Context(), wr); err != nil {
		return err
	}
	if err := ownedByRoute(wr, inv, rt); err != nil {
		return err
	}
	wr.Edges = append(wr.Edges, resource.EdgeWrite{Edge: inv, Op: resource.EdgeSet, IDs: []any{parentID}})
	saved, err := h.reg.Create(r.Context(), wr)
	if err != nil {
		return err
	}
	return h.writeResource(w, r, t, p, saved, http.StatusCreated, "")
}

// nestedUpdate serves PATCH and PUT on /:type/:id/:rel/:child (a member of
// a to-many) and /:type/:id/:rel (the row of a to-one).
func (h *Handler) nestedUpdate(w http.ResponseWriter, r *http.Request, rt *route) error {
	t := rt.edge.Target()
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.parseParams(t, q, false)
	if err != nil {
		return err
	}
	_, child, err := h.nestedIDs(r.Context(), rt)
	if err != nil {
		return err
	}
	childID := child.ID()
	body, err := h.readBody(r)
	if err != nil {
		return err
	}
	wr, err := parseResource(t, body, h.idText(t, child), h.ids)
	if err != nil {
		return err
	}
	if err := h.resolveLinkage(r.Context(), wr); err != nil {
		return err
	}
	if err := ownedByRoute(wr, rt.edge.OtherSide(), rt); err != nil {
		return err
	}
	wr.ID = childID
	saved, err := h.reg.Update(r.Context(), wr)
	if err != nil {
		return err
	}
	return h.writeResource(w, r, t, p, saved, http.StatusOK, h.selfURL(rt, r))
}

// nestedDelete serves DELETE /:type/:id/:rel/:child: 204.
func (h *Handler) nestedDelete(w http.ResponseWriter, r *http.Request, rt *route) error {
	_, child, err := h.nestedIDs(r.Context(), rt)
	if err != nil {
		return err
	}
	if err := h.reg.Delete(r.Context(), rt.edge.Target(), child.ID()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// nestedIDs resolves the parent and the child of a nested route: the parent
// must be readable, the child a member of its relationship (for a to-one
// route, the related row).
func (h *Handler) nestedIDs(ctx context.Context, rt *route) (parentID any, child resource.Row, err error) {
	m, e, t := rt.model, rt.edge, rt.edge.Target()
	var childWhere resource.Filter
	if rt.child != "" {
		if childWhere, err = h.idFilter(t, rt.child); err != nil {
			return nil, nil, err
		}
	}
	parentWhere, err := h.idFilter(m, rt.id)
	if err != nil {
		return nil, nil, err
	}
	pp := resource.NewPlan(m)
	pp.Where, pp.Limit = parentWhere, 1
	parents, err := resource.Find(ctx, pp)
	if err != nil {
		return nil, nil, err
	}
	if len(parents.Rows) == 0 {
		return nil, nil, notFound(m, rt.id)
	}
	parentID = parents.Rows[0].ID()
	where := resource.AndOf(childWhere, resource.RelatedTo(e, parentID))
	pl := resource.NewPlan(t)
	pl.Where, pl.Limit = where, 1
	res, err := resource.Find(ctx, pl)
	if err != nil {
		return nil, nil, err
	}
	if len(res.Rows) == 0 {
		return nil, nil, notMember(rt, rt.child)
	}
	return parentID, res.Rows[0], nil
}

// notMember is the 404 of a nested route whose child is not a member of
// the parent's relationship.
func notMember(rt *route, child string) *resource.Error {
	if child == "" {
		return resource.Errorf(resource.NotFound, resource.CodeNotFound, "%s %q has no %s", rt.model.Type(), rt.id, rt.edge.Name())
	}
	return resource.Errorf(resource.NotFound, resource.CodeNotFound, "%s %q is not one of the %s of %s %q", rt.edge.Target().Type(), child, rt.edge.Name(), rt.model.Type(), rt.id)
}

// ownedByRoute refuses a body that sets the relationship tying the child to
// its parent (inv), by name or by foreign key: the route sets it.
func ownedByRoute(wr *resource.Write, inv *resource.Edge, rt *route) error {
	for _, ew := range wr.Edges {
		if ew.Edge == inv {
			return resource.Errorf(resource.Invalid, CodeInvalidPayload, "relationship %q is set by the route: the %s belongs to %s %s",
				inv.Name(), inv.Model().Type(), rt.model.Type(), rt.id).AtPointer(wr.Locate.Edge(inv).Pointer)
		}
	}
	return nil
}
