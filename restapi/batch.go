package restapi

import (
	"context"
	"encoding"
	"fmt"
	"strconv"

	"github.com/entstack/entstack/resource"
)

// fetchLinkage loads, before a document is written, the linkage that its
// rows do not carry themselves: one query per model and relationship of the
// document (resource.RelatedIDs), never one per row. A to-one relationship
// always has linkage; the owning side reads it from its foreign key, the
// other side (user.profile) needs the query. To-many relationships have it
// when included, or for every resource with Options.ToManyLinkage.
//
// rows are the primary rows of m: resource objects when resources is true,
// or the rows behind a relationship endpoint's identifiers, which become
// resource objects only when included (includeSelf).
func (w *docWriter) fetchLinkage(ctx context.Context, m *resource.Model, rows []resource.Row, resources bool) error {
	if len(w.include) == 0 && (!(resources || w.includeSelf) || !w.anyBatched(m)) {
		return nil // the common case, without the bookkeeping's allocations
	}
	var models []*resource.Model
	byModel := map[*resource.Model][]resource.Row{}
	add := func(m *resource.Model, r resource.Row) {
		if _, ok := byModel[m]; !ok {
			models = append(models, m)
		}
		byModel[m] = append(byModel[m], r)
	}
	var walk func(r resource.Row, path []*resource.Edge)
	walk = func(r resource.Row, path []*resource.Edge) {
		if len(path) == 0 {
			return
		}
		e := path[0]
		for j, n := 0, r.Edge(e.Index()); j < n; j++ {
			cr := r.EdgeRow(e.Index(), j)
			add(e.Target(), cr)
			walk(cr, path[1:])
		}
	}
	for _, r := range rows {
		if resources || w.includeSelf {
			add(m, r)
		}
		for _, ip := range w.include {
			walk(r, ip.edges)
		}
	}
	for _, m := range models {
		for _, e := range m.Edges() {
			if !w.batched(e) {
				continue
			}
			ids := make([]any, 0, len(byModel[m]))
			seen := make(map[any]bool, len(byModel[m]))
			for _, r := range byModel[m] {
				if id := r.ID(); r.Edge(e.Index()) < 0 && !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
			if len(ids) == 0 {
				continue
			}
			l, err := resource.RelatedIDs(ctx, e, ids, w.h.ids.field(e.Target()))
			if err != nil {
				return err
			}
			if w.links == nil {
				w.links = make(map[*resource.Edge]resource.Linkage)
			}
			w.links[e] = l
		}
	}
	return nil
}

// anyBatched reports whether a relationship of m has its linkage from
// fetchLinkage.
func (w *docWriter) anyBatched(m *resource.Model) bool {
	for _, e := range m.Edges() {
		if w.batched(e) {
			return true
		}
	}
	return false
}

// batched reports whether the linkage of e comes from fetchLinkage when
// its rows are not loaded: a to-one without a foreign key on this side, a
// to-many with Options.ToManyLinkage, a to-one whose target has an
// external id; and only when the sparse fieldset
// shows the relationship. A to-one whose foreign key a field rule hides
// from the viewer has no linkage (it would reveal the key).
func (w *docWriter) batched(e *resource.Edge) bool {
	if sel := w.sel[e.Model()]; sel != nil && !sel.edges[e.Index()] {
		return false
	}
	if e.Unique() {
		// the foreign key on the row is the linkage, unless the target
		// is addressed by an external id
		return e.FK() == nil || w.h.ids.field(e.Target()) != e.Target().ID()
	}
	return w.h.opts.ToManyLinkage
}

// batchLinkage appends the data member of e for the row r from the fetched
// linkage; ok is false when none was fetched for e.
func (w *docWriter) batchLinkage(b []byte, e *resource.Edge, r resource.Row) ([]byte, bool) {
	l, ok := w.links[e]
	if !ok {
		return b, false
	}
	ids := l[r.ID()]
	t := e.Target()
	if e.Unique() {
		b = append(b, `,"data":`...)
		if len(ids) == 0 {
			return append(b, "null"...), true
		}
		return idIdentifier(b, t, ids[0]), true
	}
	b = append(b, `,"data":[`...)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = idIdentifier(b, t, id)
	}
	return append(b, ']'), true
}

// idIdentifier appends the resource identifier of the row of t with the id.
func idIdentifier(b []byte, t *resource.Model, id any) []byte {
	b = append(b, `{"type":`...)
	b = resource.AppendString(b, t.Type())
	b = append(b, `,"id":`...)
	b = appendIDValue(b, id)
	return append(b, '}')
}

// appendIDValue appends an id value as a JSON:API id: a JSON string of its
// text (the decimal digits of an integer, a UUID's canonical form).
func appendIDValue(b []byte, id any) []byte {
	switch x := id.(type) {
	case int:
		return resource.AppendQuotedInt(b, int64(x))
	case int64:
		return resource.AppendQuotedInt(b, x)
	case int32:
		return resource.AppendQuotedInt(b, int64(x))
	case uint64:
		b = append(b, '"')
		b = strconv.AppendUint(b, x, 10)
		return append(b, '"')
	case string:
		return resource.AppendString(b, x)
	case encoding.TextMarshaler:
		t, err := x.MarshalText()
		if err == nil {
			return resource.AppendString(b, string(t))
		}
	}
	return resource.AppendString(b, fmt.Sprint(id))
}
