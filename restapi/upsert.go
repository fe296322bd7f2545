package restapi

import (
	"net/http"
	"strconv"

	"github.com/entstack/entstack/resource"
)

// upsertMeta reads ZenStack v3's upsert request from the top-level meta of
// a POST /:type document (valid JSON, parseResource has seen it):
// {"operation": "upsert", "matchFields": [...]}.
// ok is false for a plain create (no meta, or another operation: meta is
// free-form in JSON:API).
func upsertMeta(m *resource.Model, body []byte) (fields []*resource.Field, ok bool, err error) {
	var meta member
	s := &scanner{b: body}
	_ = s.object(func(key string) error {
		if key == "meta" {
			meta = s.raw()
		} else {
			s.skip()
		}
		return nil
	})
	if !meta.given() || meta[0] != '{' {
		return nil, false, nil
	}
	var op string
	var names member
	ms := &scanner{b: meta}
	_ = ms.object(func(key string) error {
		switch {
		case key == "operation" && ms.peek() == '"':
			op = ms.str()
		case key == "matchFields":
			names = ms.raw()
		default:
			ms.skip()
		}
		return nil
	})
	if op != "upsert" {
		return nil, false, nil
	}
	if !names.given() || names[0] != '[' {
		return nil, true, docError("/meta", "an upsert names its matchFields: a non-empty array of attribute names")
	}
	ns := &scanner{b: names}
	err = ns.array(func(i int) error {
		ptr := "/meta/matchFields/" + strconv.Itoa(i)
		if ns.peek() != '"' {
			return docError(ptr, "match fields are attribute names (strings)")
		}
		name := ns.str()
		f, ok := m.Attribute(name)
		if !ok {
			return docError(ptr, "%s has no attribute %q", m.Type(), name)
		}
		for _, g := range fields {
			if g == f {
				return nil
			}
		}
		fields = append(fields, f)
		return nil
	})
	switch {
	case err != nil:
		return nil, true, err
	case len(fields) == 0:
		return nil, true, docError("/meta/matchFields", "an upsert names at least one match field")
	case !m.UniqueBy(fields):
		return nil, true, docError("/meta/matchFields", "match fields must form a unique field set of %s (the id or a unique attribute)", m.Type())
	}
	return fields, true, nil
}

// upsert serves POST /:type with ZenStack v3's upsert meta: the row whose
// match fields equal the body's values is updated with the other
// attributes and the relationships (a to-many is replaced), or created from
// the whole body (relationships connected) when there is none; one
// transaction, the access policies of update or create applying. 200 with
// the updated resource, or 201 with the created one and its Location.
//
// create is the body parsed as a create (parseResource).
func (h *Handler) upsert(w http.ResponseWriter, r *http.Request, p *params, create *resource.Write, match []*resource.Field) error {
	m := create.Model
	loc := create.Locate.(*pointers)
	update := &resource.Write{Model: m, Locate: loc}
	isMatch := func(f *resource.Field) bool {
		for _, g := range match {
			if g == f {
				return true
			}
		}
		return false
	}
	var where []resource.Filter
	for i, f := range match {
		v, ok := matchValue(create, f)
		if !ok {
			return docError("/meta/matchFields/"+strconv.Itoa(i), "match field %q has no value in the resource object", f.Name())
		}
		where = append(where, &resource.Cmp{Field: f, Op: resource.OpEQ, Value: v})
	}
	// The update takes what the body gives besides the match fields, as
	// an update of the row would: members that cannot change after create
	// and to-manys whose members need their parent are refused.
	for _, fw := range create.Fields {
		if isMatch(fw.Field) {
			continue
		}
		if !fw.Field.Writable(true) {
			return readOnly(m, "attribute", fw.Field.Name(), fw.Field.Immutable(), loc.Field(fw.Field).Pointer)
		}
		update.Fields = append(update.Fields, fw)
	}
	for _, ew := range create.Edges {
		if ew.Edge.FK() != nil && isMatch(ew.Edge.FK()) {
			continue
		}
		ptr := loc.Edge(ew.Edge).Pointer
		if err := checkEdgeWritable(ew.Edge, true, ptr); err != nil {
			return err
		}
		if requiredInverse(ew.Edge) {
			return orphaning(ew.Edge, ptr)
		}
		update.Edges = append(update.Edges, ew)
	}
	saved, created, err := h.reg.Upsert(r.Context(), resource.AndOf(where...), create, update)
	if err != nil {
		return err
	}
	if created {
		return h.writeResource(w, r, m, p, saved, http.StatusCreated, "")
	}
	return h.writeResource(w, r, m, p, saved, http.StatusOK, "")
}

// matchValue is the value the body gives a match field: an attribute, a
// foreign key (written as its relationship) or the client-generated id.
func matchValue(w *resource.Write, f *resource.Field) (any, bool) {
	if f == w.Model.ID() {
		return w.ID, w.ID != nil
	}
	for _, fw := range w.Fields {
		if fw.Field == f {
			return fw.Value, fw.Value != nil
		}
	}
	for _, ew := range w.Edges {
		if ew.Edge.FK() == f {
			if len(ew.IDs) != 1 {
				return nil, false
			}
			return ew.IDs[0], true
		}
	}
	return nil, false
}
