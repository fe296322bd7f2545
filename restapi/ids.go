package restapi

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"

	"github.com/entstack/entstack/resource"
)

// External ids (Options.ExternalIDs, ZenStack's externalIdMapping): a model
// may be addressed by a unique attribute instead of its id, in URLs
// (/tag/go), in resource objects and linkage ("id": "go"), in the linkage
// of request bodies and in filters on the relationship (filter[tags]=go) or
// on id (filter[id]=go). Writes still run on the row's id: an external id
// in a URL or a body is resolved with one query, as the viewer reads (a row
// it cannot read is not found).

// idMap maps the models with an external id to the attribute serving as
// their id.
type idMap map[*resource.Model]*resource.Field

// field is the field that serves as m's JSON:API id.
func (ids idMap) field(m *resource.Model) *resource.Field {
	if f, ok := ids[m]; ok {
		return f
	}
	return m.ID()
}

// newIDMap checks Options.ExternalIDs against the models: the attribute must
// exist, be unique and readable by every viewer (an id a field rule could
// hide would be shown in every link).
func newIDMap(reg *resource.Registry, ext map[string]string) (idMap, error) {
	ids := idMap{}
	var errs []error
	for _, typ := range slices.Sorted(maps.Keys(ext)) {
		name := ext[typ]
		m, ok := reg.Model(typ)
		if !ok {
			errs = append(errs, fmt.Errorf("ExternalIDs: no resource type %q", typ))
			continue
		}
		f, ok := m.Attribute(name)
		switch {
		case !ok:
			errs = append(errs, fmt.Errorf("ExternalIDs: %s has no attribute %q", typ, name))
		case f == m.ID():
		case !f.Unique() || f.Nillable():
			errs = append(errs, fmt.Errorf("ExternalIDs: %s.%s is not a unique, non-null attribute", typ, name))
		case f.ReadRule() || f.Sensitive() || m.Ops().FieldScope(context.Background(), f.Index()) != nil:
			// (a field rule that hides the value from an anonymous viewer)
			errs = append(errs, fmt.Errorf("ExternalIDs: %s.%s may be hidden from a viewer: it cannot serve as the id", typ, name))
		default:
			ids[m] = f
		}
	}
	return ids, errors.Join(errs...)
}

// idFilter is the filter selecting the row of m that a URL's id names; an
// id that cannot be one is a 400 (invalid-id).
func (h *Handler) idFilter(m *resource.Model, raw string) (resource.Filter, error) {
	f := h.ids.field(m)
	var v any
	var err error
	if f == m.ID() {
		v, err = resource.ParseID(m, raw)
	} else {
		v, err = resource.Parse(f, raw)
	}
	if err != nil || v == nil {
		return nil, invalidID(m, raw)
	}
	return &resource.Cmp{Field: f, Op: resource.OpEQ, Value: v}, nil
}

// resolveID returns the id of the row of m that a URL's id names. A plain id
// needs no query (the write reports a missing row); an external one is
// looked up as the viewer reads: a row it cannot read is a 404.
func (h *Handler) resolveID(ctx context.Context, m *resource.Model, raw string) (any, error) {
	where, err := h.idFilter(m, raw)
	if err != nil {
		return nil, err
	}
	if h.ids.field(m) == m.ID() {
		return where.(*resource.Cmp).Value, nil
	}
	p := resource.NewPlan(m)
	p.Where, p.Limit = where, 1
	res, err := resource.Find(ctx, p)
	if err != nil {
		return nil, err
	}
	if len(res.Rows) == 0 {
		return nil, notFound(m, raw)
	}
	return res.Rows[0].ID(), nil
}

// resolveLinkage replaces the external ids of the linkage a body gave (the
// edges parseLinkage marked) with the rows' ids, one query per
// relationship; one that names no readable row is a 404 at its member, as a
// missing id is (JA-CRT-09).
func (h *Handler) resolveLinkage(ctx context.Context, w *resource.Write) error {
	loc, ok := w.Locate.(*pointers)
	if !ok || len(loc.external) == 0 {
		return nil
	}
	for i := range w.Edges {
		ew := &w.Edges[i]
		if !loc.external[ew.Edge] || len(ew.IDs) == 0 {
			continue
		}
		t := ew.Edge.Target()
		f := h.ids.field(t)
		p := resource.NewPlan(t)
		p.Where = &resource.Cmp{Field: f, Op: resource.OpIn, Value: ew.IDs}
		res, err := resource.Find(ctx, p)
		if err != nil {
			return err
		}
		// keyed by text: the rows hold the field's Go type, the body the
		// runtime's canonical value (int64 for any integer)
		byValue := make(map[string]any, len(res.Rows))
		for _, r := range res.Rows {
			byValue[fmt.Sprint(r.Value(f.Index()))] = r.ID()
		}
		ids := make([]any, len(ew.IDs))
		for j, v := range ew.IDs {
			id, ok := byValue[fmt.Sprint(v)]
			if !ok {
				return resource.Errorf(resource.NotFound, resource.CodeNotFound, "related %s %q not found", t.Type(), fmt.Sprint(v)).AtPointer(loc.Edge(ew.Edge).Pointer)
			}
			ids[j] = id
		}
		ew.IDs = ids
	}
	return nil
}

// idText is the JSON:API id of the row r of m as text: its id, or its
// external id.
func (h *Handler) idText(m *resource.Model, r resource.Row) string {
	if f := h.ids.field(m); f != m.ID() {
		return fmt.Sprint(r.Value(f.Index()))
	}
	var a [32]byte
	b := resource.AppendResourceID(a[:0], m, r)
	if len(b) >= 2 && b[0] == '"' {
		b = b[1 : len(b)-1]
	}
	return string(b)
}

// appendRowID appends the JSON:API id of the row r of m (a JSON string) and
// keeps its text, escaped for a URL path, in w.idBuf for the links.
func (w *docWriter) appendRowID(b []byte, m *resource.Model, r resource.Row) []byte {
	f := w.h.ids.field(m)
	start := len(b)
	if f == m.ID() {
		b = resource.AppendResourceID(b, m, r)
		w.idBuf = append(w.idBuf[:0], b[start+1:len(b)-1]...)
		return b
	}
	text := fmt.Sprint(r.Value(f.Index()))
	b = resource.AppendString(b, text)
	w.idBuf = append(w.idBuf[:0], url.PathEscape(text)...)
	return b
}
