package restapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/entstack/entstack/resource"
)

// readBody reads a request body of at most Options.MaxBodyBytes; a larger
// one is a 413 before any of it is parsed.
func (h *Handler) readBody(r *http.Request) ([]byte, error) {
	max := h.opts.MaxBodyBytes
	if r.ContentLength > max {
		return nil, tooLarge(max)
	}
	if r.Body == nil {
		return nil, nil
	}
	n := r.ContentLength
	if n < 0 || n > 64<<10 {
		n = 512 // unknown or large: grow as needed rather than trust the header
	}
	buf := bytes.NewBuffer(make([]byte, 0, n+1))
	if _, err := buf.ReadFrom(io.LimitReader(r.Body, max+1)); err != nil {
		return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidDocument, "reading the request body: %v", err).AtPointer("/")
	}
	if int64(buf.Len()) > max {
		return nil, tooLarge(max)
	}
	return buf.Bytes(), nil
}

func tooLarge(max int64) *resource.Error {
	return resource.Errorf(resource.TooLarge, resource.CodeTooLarge, "the request body is larger than %d bytes", max)
}

// member is a raw member value of a request document: nil when absent.
type member []byte

func (m member) null() bool { return string(m) == "null" }

// given reports whether the member is present and not null.
func (m member) given() bool { return m != nil && !m.null() }

// docError is a 400 about the structure of the request document (the
// flavour's invalid-payload, or invalid-relation-data inside a
// relationship).
func docError(pointer, format string, args ...any) *resource.Error {
	return resource.Errorf(resource.Invalid, resource.CodeInvalidDocument, format, args...).AtPointer(pointer)
}

// parseDocument checks that a request body is a JSON object and returns
// its data member (JA-CRT-01, JA-REL-01/02): anything else is a 400 at "/",
// and so is a missing data member (a pointer must name an existing value).
// Members other than data (meta, jsonapi, links) are ignored.
func parseDocument(body []byte) (member, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, docError("/", "the request body is empty: send a JSON:API document with a data member")
	}
	if !json.Valid(body) {
		var v any
		err := json.Unmarshal(body, &v)
		return nil, docError("/", "the request body is not a JSON object: %s", jsonErr(err))
	}
	s := &scanner{b: body}
	if s.peek() != '{' {
		return nil, docError("/", "the request body is not a JSON object")
	}
	if dup := s.duplicate(); dup != nil {
		ptr := ""
		for _, seg := range dup {
			ptr += "/" + escapePointer(seg)
		}
		return nil, docError(ptr, "member %q is given twice", dup[len(dup)-1])
	}
	s.i = 0
	var data member
	_ = s.object(func(key string) error {
		if key == "data" {
			data = s.raw()
		} else {
			s.skip()
		}
		return nil
	})
	if data == nil {
		return nil, docError("/", "the request document has no data member")
	}
	return data, nil
}

// jsonErr shortens encoding/json's messages ("json: cannot unmarshal …").
func jsonErr(err error) string {
	if err == nil {
		return "invalid JSON"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// stringMember reads a member that JSON:API requires to be a string (type,
// id).
func stringMember(raw member, pointer, name string) (string, error) {
	if raw[0] != '"' {
		return "", docError(pointer, "%s must be a string", name)
	}
	return (&scanner{b: raw}).str(), nil
}

// objectMembers is what a write reads of a resource object or identifier.
type objectMembers struct {
	typ, id, attributes, relationships member
}

// readObject collects the members of the object raw (valid JSON).
func readObject(raw member) objectMembers {
	var o objectMembers
	s := &scanner{b: raw}
	_ = s.object(func(key string) error {
		switch key {
		case "type":
			o.typ = s.raw()
		case "id":
			o.id = s.raw()
		case "attributes":
			o.attributes = s.raw()
		case "relationships":
			o.relationships = s.raw()
		default:
			s.skip()
		}
		return nil
	})
	return o
}

// parseResource parses the primary data of a create (pathID == "") or an
// update of m into a Write whose Locator points at the members the values
// came from. Attributes and relationships are handled in document order,
// so the first offending member is the one reported.
//
// ids maps the models with external ids (Options.ExternalIDs): linkage to
// them holds the external values, marked in the Locator for
// resolveLinkage.
func parseResource(m *resource.Model, body []byte, pathID string, ids idMap) (*resource.Write, error) {
	data, err := parseDocument(body)
	if err != nil {
		return nil, err
	}
	update := pathID != ""
	if data[0] != '{' {
		return nil, docError("/data", "data must be a resource object")
	}
	obj := readObject(data)
	loc := &pointers{body: "/data"}
	w := &resource.Write{Model: m, Locate: loc}

	// type: required (JA-CRUD-02); another type than the endpoint's is a
	// conflict (JA-CRT-11, JA-UPD-11).
	if !obj.typ.given() {
		return nil, docError("/data", "the resource object has no type")
	}
	typ, err := stringMember(obj.typ, "/data/type", "type")
	if err != nil {
		return nil, err
	}
	if typ != m.Type() {
		return nil, resource.Errorf(resource.Conflict, resource.CodeConflict, "type %q does not match the endpoint's type %q", typ, m.Type()).AtPointer("/data/type")
	}

	// id: on update the URL names the row, so the body may leave it out
	// (the seed's own example does, as ZenStack's clients do); one that is
	// given must be the URL's (JA-UPD-11). On create only where the model
	// allows client ids (JA-CRT-03).
	hasID := obj.id.given()
	switch {
	case update && !hasID:
	case update:
		id, err := stringMember(obj.id, "/data/id", "id")
		if err != nil {
			return nil, err
		}
		if id != pathID {
			return nil, resource.Errorf(resource.Conflict, resource.CodeConflict, "id %q does not match the endpoint's id %q", id, pathID).AtPointer("/data/id")
		}
	case hasID:
		id, err := stringMember(obj.id, "/data/id", "id")
		if err != nil {
			return nil, err
		}
		if !m.ClientID() {
			return nil, &resource.Error{Kind: resource.Forbidden, Code: resource.CodeForbidden, Title: resource.Title(resource.CodeForbidden),
				Detail: m.Type() + " does not accept client-generated ids", Reason: resource.ReasonClientID, Model: m.Name(),
				Source: resource.Source{Pointer: "/data/id"}}
		}
		if w.ID, err = resource.ParseID(m, id); err != nil {
			return nil, err.(*resource.Error).AtPointer("/data/id")
		}
		loc.id = "/data/id"
	}

	if obj.attributes.given() {
		loc.body = "/data/attributes"
		if err := parseAttributes(w, loc, obj.attributes, update); err != nil {
			return nil, err
		}
	}
	if obj.relationships.given() {
		if err := parseRelationships(w, loc, obj.relationships, update, ids); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// eachMember calls fn with the members of the object raw in document
// order; fn consumes the value from s. Duplicate keys are a 400.
func eachMember(raw member, pointer, what string, fn func(key string, s *scanner) error) error {
	if raw[0] != '{' {
		return docError(pointer, "%s must be an object", what)
	}
	s := &scanner{b: raw}
	var seen []string
	return s.object(func(key string) error {
		for _, k := range seen {
			if k == key {
				return docError(pointer+"/"+escapePointer(key), "member %q is given twice", key)
			}
		}
		seen = append(seen, key)
		return fn(key, s)
	})
}

// escapePointer escapes a member name for a JSON pointer (RFC 6901).
func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// parseAttributes adds the attributes to w. A foreign-key attribute
// (authorId) becomes a change of its relationship, so that the related row
// is checked like one given under relationships.
func parseAttributes(w *resource.Write, loc *pointers, raw member, update bool) error {
	m := w.Model
	return eachMember(raw, "/data/attributes", "attributes", func(key string, s *scanner) error {
		ptr := "/data/attributes/" + escapePointer(key)
		v := s.value()
		f, ok := m.Attribute(key)
		if !ok || f.Index() < 0 {
			return resource.Errorf(resource.Invalid, resource.CodeUnknownField, "%s has no attribute %q", m.Type(), key).AtPointer(ptr)
		}
		if !f.Writable(update) {
			return readOnly(m, "attribute", key, update && f.Immutable(), ptr)
		}
		val, err := resource.Coerce(f, v)
		if err != nil {
			return err.(*resource.Error).AtPointer(ptr)
		}
		if e := f.Edge(); e != nil {
			if err := checkEdgeWritable(e, update, ptr); err != nil {
				return err
			}
			var ids []any
			if val != nil {
				id, err := e.Target().ID().Conv()(val)
				if err != nil {
					return resource.Errorf(resource.NotFound, resource.CodeNotFound, "related %s %v not found", e.Target().Type(), val).AtPointer(ptr)
				}
				ids = []any{id}
			}
			w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeSet, IDs: ids})
			loc.setEdge(e, ptr)
			return nil
		}
		w.Fields = append(w.Fields, resource.FieldWrite{Field: f, Op: resource.FieldSet, Value: val})
		loc.setField(f, ptr)
		return nil
	})
}

func readOnly(m *resource.Model, what, name string, immutable bool, ptr string) *resource.Error {
	detail := what + " " + name + " of " + m.Type() + " is read-only"
	if immutable {
		detail = what + " " + name + " of " + m.Type() + " cannot be changed after create"
	}
	return &resource.Error{Kind: resource.Forbidden, Code: resource.CodeForbidden, Title: resource.Title(resource.CodeForbidden),
		Detail: detail, Reason: resource.ReasonReadOnlyField, Model: m.Name(), Source: resource.Source{Pointer: ptr}}
}

func checkEdgeWritable(e *resource.Edge, update bool, ptr string) error {
	if e.ReadOnly() || (update && e.Immutable()) {
		return readOnly(e.Model(), "relationship", e.MemberName(), !e.ReadOnly(), ptr)
	}
	return nil
}

// parseRelationships adds the relationships to w: each replaces its linkage
// (JA-CRT-02, JA-UPD-04). One given both as a foreign-key attribute and as
// a relationship must name the same row.
func parseRelationships(w *resource.Write, loc *pointers, raw member, update bool, ids idMap) error {
	m := w.Model
	return eachMember(raw, "/data/relationships", "relationships", func(key string, s *scanner) error {
		ptr := "/data/relationships/" + escapePointer(key)
		rel := member(s.raw())
		e, ok := m.Relationship(key)
		if !ok {
			return resource.Errorf(resource.Invalid, resource.CodeUnknownRelation, "%s has no relationship %q", m.Type(), key).AtPointer(ptr)
		}
		if err := checkEdgeWritable(e, update, ptr); err != nil {
			return err
		}
		if rel[0] != '{' {
			return docError(ptr, "relationship %q must be an object with a data member", key)
		}
		var data member
		rs := &scanner{b: rel}
		_ = rs.object(func(k string) error {
			if k == "data" {
				data = rs.raw()
			} else {
				rs.skip()
			}
			return nil
		})
		if data == nil {
			return docError(ptr, "relationship %q has no data member", key)
		}
		if update && requiredInverse(e) {
			return orphaning(e, ptr)
		}
		linked, err := parseLinkage(e, data, ptr+"/data", ids)
		if err != nil {
			return err
		}
		external := ids.field(e.Target()) != e.Target().ID()
		for i := range w.Edges {
			if w.Edges[i].Edge == e { // also given as the foreign-key attribute
				if external {
					return resource.Errorf(resource.Invalid, resource.CodeInvalidValue,
						"give relationship %q or attribute %q, not both", e.Name(), e.FKName()).AtPointer(ptr)
				}
				if !slices.Equal(w.Edges[i].IDs, linked) {
					return resource.Errorf(resource.Invalid, resource.CodeInvalidValue,
						"relationship %q and attribute %q name different rows", e.MemberName(), e.FK().MemberName()).AtPointer(ptr)
				}
				return nil
			}
		}
		w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeSet, IDs: linked})
		loc.setEdge(e, ptr)
		if external {
			loc.setExternal(e)
		}
		return nil
	})
}
