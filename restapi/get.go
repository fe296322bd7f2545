package restapi

import (
	"net/http"
	"net/url"

	"github.com/entstack/entstack/resource"
)

// get serves the four read endpoints.
func (h *Handler) get(w http.ResponseWriter, r *http.Request, rt *route) error {
	switch {
	case rt.id == "":
		return h.list(w, r, rt.model)
	case rt.edge == nil:
		return h.fetch(w, r, rt)
	case rt.child != "":
		return h.nestedFetch(w, r, rt)
	default:
		return h.related(w, r, rt)
	}
}

// plan builds the read plan of a request on m from its parameters.
func (h *Handler) plan(m *resource.Model, p *params, where resource.Filter) *resource.Plan {
	pl := resource.NewPlan(m)
	pl.Where = resource.AndOf(where, p.where)
	pl.Order = p.order
	for _, ip := range p.include {
		cur := pl
		for _, e := range ip.edges {
			cur = cur.IncludeEdge(e).Plan
		}
	}
	return pl
}

// list serves GET /:type.
func (h *Handler) list(w http.ResponseWriter, r *http.Request, m *resource.Model) error {
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.parseParams(m, q, true)
	if err != nil {
		return err
	}
	return h.collection(w, r, m, p, nil, h.opts.Endpoint+"/"+m.Type())
}

// collection serves a collection of m filtered by where.
func (h *Handler) collection(w http.ResponseWriter, r *http.Request, m *resource.Model, p *params, where resource.Filter, self string) error {
	pl := h.plan(m, p, where)
	pl.Offset, pl.Limit, pl.Total = p.offset, p.limit, true
	res, err := resource.Find(r.Context(), pl)
	if err != nil {
		return err
	}
	doc := h.newDoc(p)
	if err := doc.fetchLinkage(r.Context(), m, res.Rows, true); err != nil {
		doc.release()
		return err
	}
	doc.open()
	doc.primaryList(m, res.Rows)
	doc.includedMember()
	doc.pageLinks(self, r.URL.Query(), p.offset, p.limit, res.Total)
	doc.total(res.Total)
	doc.close()
	h.sendDoc(w, http.StatusOK, doc)
	return nil
}

// fetch serves GET /:type/:id.
func (h *Handler) fetch(w http.ResponseWriter, r *http.Request, rt *route) error {
	m := rt.model
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.parseParams(m, q, false)
	if err != nil {
		return err
	}
	row, err := h.one(r, m, rt.id, p)
	if err != nil {
		return err
	}
	return h.sendOne(w, r, rt, p, row)
}

// sendOne answers fetch with its row. It is a function of its own so that
// fetch's stack frame, below the query, stays small: a request whose stack
// outgrows its goroutine's is copied to a larger one.
//
//go:noinline
func (h *Handler) sendOne(w http.ResponseWriter, r *http.Request, rt *route, p *params, row resource.Row) error {
	m := rt.model
	doc := h.newDoc(p)
	if err := doc.fetchLinkage(r.Context(), m, []resource.Row{row}, true); err != nil {
		doc.release()
		return err
	}
	doc.open()
	doc.primary(m, row)
	doc.includedMember()
	doc.selfLinks(h.selfURL(rt, r))
	doc.close()
	h.sendDoc(w, http.StatusOK, doc)
	return nil
}

// one loads the row of m with the id (as the viewer sees it), or NotFound.
func (h *Handler) one(r *http.Request, m *resource.Model, rawID string, p *params) (resource.Row, error) {
	where, err := h.idFilter(m, rawID)
	if err != nil {
		return nil, err
	}
	pl := h.plan(m, p, where)
	pl.Limit = 2
	res, err := resource.Find(r.Context(), pl)
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 {
		return nil, notFound(m, rawID)
	}
	return res.Rows[0], nil
}

// related serves GET /:type/:id/:rel and GET /:type/:id/relationships/:rel.
// Each kind of answer is a function of its own, so that this frame, below
// the queries, stays small (see sendOne).
func (h *Handler) related(w http.ResponseWriter, r *http.Request, rt *route) error {
	q, err := queryOf(r)
	if err != nil {
		return err
	}
	p, err := h.relatedParams(rt, q)
	if err != nil {
		return err
	}
	parentID, err := h.exists(r, rt.model, rt.id)
	if err != nil {
		return err
	}
	where := resource.RelatedTo(rt.edge, parentID)
	switch {
	case rt.edge.Unique():
		return h.relatedOne(w, r, rt, p, where)
	case !rt.relation:
		return h.collection(w, r, rt.edge.Target(), p, where, h.opts.Endpoint+rt.path)
	default:
		return h.relationshipMany(w, r, rt, p, where)
	}
}

// relationshipMany serves GET /:type/:id/relationships/:rel of a to-many
// relation: a page of identifiers.
//
//go:noinline
func (h *Handler) relationshipMany(w http.ResponseWriter, r *http.Request, rt *route, p *params, where resource.Filter) error {
	t := rt.edge.Target()
	pl := h.plan(t, p, where)
	pl.Offset, pl.Limit, pl.Total = p.offset, p.limit, true
	res, err := resource.Find(r.Context(), pl)
	if err != nil {
		return err
	}
	doc := h.newDoc(p)
	if err := doc.fetchLinkage(r.Context(), t, res.Rows, false); err != nil {
		doc.release()
		return err
	}
	doc.open()
	doc.identifiers(t, res.Rows, false)
	doc.includedMember()
	doc.pageLinks(h.opts.Endpoint+rt.path, r.URL.Query(), p.offset, p.limit, res.Total)
	doc.total(res.Total)
	doc.close()
	h.sendDoc(w, http.StatusOK, doc)
	return nil
}

// relatedOne serves GET /:type/:id/:rel and its relationship of a to-one
// relation.
//
//go:noinline
func (h *Handler) relatedOne(w http.ResponseWriter, r *http.Request, rt *route, p *params, where resource.Filter) error {
	t := rt.edge.Target()
	self := h.selfURL(rt, r)
	pl := h.plan(t, p, where)
	pl.Limit = 1
	res, err := resource.Find(r.Context(), pl)
	if err != nil {
		return err
	}
	doc := h.newDoc(p)
	if err := doc.fetchLinkage(r.Context(), t, res.Rows, !rt.relation); err != nil {
		doc.release()
		return err
	}
	doc.open()
	if rt.relation {
		doc.identifiers(t, res.Rows, true)
	} else if len(res.Rows) == 0 {
		doc.primary(t, nil)
	} else {
		doc.primary(t, res.Rows[0])
	}
	doc.includedMember()
	doc.selfLinks(self)
	doc.close()
	h.sendDoc(w, http.StatusOK, doc)
	return nil
}

// exists checks that the row of m with the id exists and is readable, and
// returns its parsed id.
func (h *Handler) exists(r *http.Request, m *resource.Model, rawID string) (any, error) {
	if h.ids.field(m) != m.ID() {
		return h.resolveID(r.Context(), m, rawID) // a lookup checks it
	}
	id, err := resource.ParseID(m, rawID)
	if err != nil {
		return nil, invalidID(m, rawID)
	}
	q := m.Ops().Query(r.Context())
	q.Where(resource.Compile(r.Context(), m, resource.IDIs(m, id)))
	n, err := q.Count(r.Context())
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, notFound(m, rawID)
	}
	return id, nil
}

// selfURL is the request's URL under the endpoint, query string included.
func (h *Handler) selfURL(rt *route, r *http.Request) string {
	if q := r.URL.RawQuery; q != "" {
		return h.opts.Endpoint + rt.path + "?" + q
	}
	return h.opts.Endpoint + rt.path
}

// cloneWithout returns a copy of q without the key.
func cloneWithout(q url.Values, key string) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		if k != key {
			out[k] = v
		}
	}
	return out
}

// relatedParams parses the query string of a related or relationship
// endpoint. On a relationship endpoint include paths start at the parent,
// with the relationship itself (JA-INC-10:
// /post/1/relationships/comments?include=comments.author); the rest of the
// query applies to the related type.
func (h *Handler) relatedParams(rt *route, q url.Values) (*params, error) {
	e := rt.edge
	var relInclude []*includePath
	includeSelf := false
	if vals, ok := q["include"]; ok && rt.relation {
		if len(vals) > 1 {
			return nil, paramError("include", "query parameter %q is given %d times", "include", len(vals))
		}
		paths, err := h.parseInclude(rt.model, "include", vals[0])
		if err != nil {
			return nil, err
		}
		for _, ip := range paths {
			if ip.edges[0] != e {
				return nil, paramError("include", "include paths on %s start with %q: it returns the linkage of that relationship", rt.path, e.MemberName())
			}
			includeSelf = true
			if len(ip.edges) > 1 {
				relInclude = append(relInclude, &includePath{edges: ip.edges[1:]})
			}
		}
		q = cloneWithout(q, "include")
	}
	p, err := h.parseParams(e.Target(), q, !e.Unique())
	if err != nil {
		return nil, err
	}
	if rt.relation {
		p.include, p.includeSelf = relInclude, includeSelf
	}
	return p, nil
}
