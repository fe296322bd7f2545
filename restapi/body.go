package restapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
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

// rawObject is a resource object or identifier with its members kept raw,
// so that a missing member, null and a wrong JSON type can be told apart and
// reported at their pointer.
type rawObject struct {
	Type          json.RawMessage `json:"type"`
	ID            json.RawMessage `json:"id"`
	Attributes    json.RawMessage `json:"attributes"`
	Relationships json.RawMessage `json:"relationships"`
}

// rawData is a request document (or a relationship object): only data
// matters to a write; meta, jsonapi and links are ignored.
type rawData struct {
	Data json.RawMessage `json:"data"`
}

// present reports whether a raw member was given (null counts as given).
func present(m json.RawMessage) bool { return m != nil }

func isNull(m json.RawMessage) bool { return string(m) == "null" }

// docError is a 400 about the structure of the request document.
func docError(pointer, format string, args ...any) *resource.Error {
	return resource.Errorf(resource.Invalid, resource.CodeInvalidDocument, format, args...).AtPointer(pointer)
}

// parseDocument decodes the top level of a request body and returns its
// data member (JA-CRT-01, JA-REL-01/02): a body that is not a JSON object is
// a 400 at "/", a missing data member a 400 at "/" too (the pointer must name
// an existing value).
func parseDocument(body []byte) (json.RawMessage, error) {
	var doc rawData
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, docError("/", "the request body is empty: send a JSON:API document with a data member")
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, docError("/", "the request body is not a JSON object: %s", jsonErr(err))
	}
	if !present(doc.Data) {
		return nil, resource.Errorf(resource.Invalid, resource.CodeMissingValue, "the request document has no data member").AtPointer("/")
	}
	return doc.Data, nil
}

// jsonErr shortens encoding/json's messages ("json: cannot unmarshal …").
func jsonErr(err error) string { return strings.TrimPrefix(err.Error(), "json: ") }

// stringMember decodes a member that JSON:API requires to be a string
// (type, id).
func stringMember(raw json.RawMessage, pointer, name string) (string, error) {
	var s string
	if raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", docError(pointer, "%s must be a string", name)
	}
	return s, nil
}

// parseResource parses the primary data of a create (pathID == "") or an
// update of m into a Write whose Locator points at the members the values
// came from. Attributes and relationships are handled in document order,
// so the first offending member is the one reported.
func parseResource(m *resource.Model, body []byte, pathID string) (*resource.Write, error) {
	data, err := parseDocument(body)
	if err != nil {
		return nil, err
	}
	update := pathID != ""
	if isNull(data) || data[0] != '{' {
		return nil, docError("/data", "data must be a resource object")
	}
	var obj rawObject
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, docError("/data", "data must be a resource object: %s", jsonErr(err))
	}
	loc := &pointers{body: "/data"}
	w := &resource.Write{Model: m, Locate: loc}

	// type: required (JA-CRUD-02); another type than the endpoint's is a
	// conflict (JA-CRT-11, JA-UPD-11).
	if !present(obj.Type) || isNull(obj.Type) {
		return nil, resource.Errorf(resource.Invalid, resource.CodeMissingValue, "the resource object has no type").AtPointer("/data")
	}
	typ, err := stringMember(obj.Type, "/data/type", "type")
	if err != nil {
		return nil, err
	}
	if typ != m.Type {
		return nil, resource.Errorf(resource.Conflict, resource.CodeConflict, "type %q does not match the endpoint's type %q", typ, m.Type).AtPointer("/data/type")
	}

	// id: required on update and equal to the URL's (JA-UPD-01, JA-UPD-11);
	// on create only where the model allows client ids (JA-CRT-03).
	hasID := present(obj.ID) && !isNull(obj.ID)
	switch {
	case update && !hasID:
		return nil, resource.Errorf(resource.Invalid, resource.CodeMissingValue, "the resource object has no id").AtPointer("/data")
	case update:
		id, err := stringMember(obj.ID, "/data/id", "id")
		if err != nil {
			return nil, err
		}
		if id != pathID {
			return nil, resource.Errorf(resource.Conflict, resource.CodeConflict, "id %q does not match the endpoint's id %q", id, pathID).AtPointer("/data/id")
		}
	case hasID:
		id, err := stringMember(obj.ID, "/data/id", "id")
		if err != nil {
			return nil, err
		}
		if !m.ClientID {
			return nil, &resource.Error{Kind: resource.Forbidden, Code: resource.CodeForbidden, Title: resource.Title(resource.CodeForbidden),
				Detail: m.Type + " does not accept client-generated ids", Reason: resource.ReasonClientID, Model: m.Name,
				Source: resource.Source{Pointer: "/data/id"}}
		}
		if w.ID, err = resource.ParseID(m, id); err != nil {
			return nil, err.(*resource.Error).AtPointer("/data/id")
		}
		loc.id = "/data/id"
	}

	if present(obj.Attributes) && !isNull(obj.Attributes) {
		loc.body = "/data/attributes"
		if err := parseAttributes(w, loc, obj.Attributes, update); err != nil {
			return nil, err
		}
	}
	if present(obj.Relationships) && !isNull(obj.Relationships) {
		if err := parseRelationships(w, loc, obj.Relationships, update); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// eachMember calls fn with the members of a JSON object in document order;
// fn decodes the value from dec. Duplicate keys are a 400.
func eachMember(raw json.RawMessage, pointer, what string, fn func(key string, dec *json.Decoder) error) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return docError(pointer, "%s must be an object", what)
	}
	var seen map[string]bool
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return docError(pointer, "%s: %s", what, jsonErr(err))
		}
		key := tok.(string)
		if seen == nil {
			seen = make(map[string]bool, 8)
		}
		if seen[key] {
			return docError(pointer+"/"+escapePointer(key), "member %q is given twice", key)
		}
		seen[key] = true
		if err := fn(key, dec); err != nil {
			return err
		}
	}
	return nil
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
func parseAttributes(w *resource.Write, loc *pointers, raw json.RawMessage, update bool) error {
	m := w.Model
	return eachMember(raw, "/data/attributes", "attributes", func(key string, dec *json.Decoder) error {
		ptr := "/data/attributes/" + escapePointer(key)
		var v any
		if err := dec.Decode(&v); err != nil {
			return docError(ptr, "attribute %q: %s", key, jsonErr(err))
		}
		f, ok := m.Field(key)
		if !ok || f.Index < 0 {
			return resource.Errorf(resource.Invalid, resource.CodeUnknownField, "%s has no attribute %q", m.Type, key).AtPointer(ptr)
		}
		if !f.Writable(update) {
			return readOnly(m, "attribute", key, update && f.Immutable, ptr)
		}
		val, err := resource.Coerce(f, v)
		if err != nil {
			return err.(*resource.Error).AtPointer(ptr)
		}
		if e := f.Edge; e != nil {
			if err := checkEdgeWritable(e, update, ptr); err != nil {
				return err
			}
			var ids []any
			if val != nil {
				id, err := e.Target().Ops.ParseID(val)
				if err != nil {
					return resource.Errorf(resource.NotFound, resource.CodeNotFound, "related %s %v not found", e.Target().Type, val).AtPointer(ptr)
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
	detail := what + " " + name + " of " + m.Type + " is read-only"
	if immutable {
		detail = what + " " + name + " of " + m.Type + " cannot be changed after create"
	}
	return &resource.Error{Kind: resource.Forbidden, Code: resource.CodeForbidden, Title: resource.Title(resource.CodeForbidden),
		Detail: detail, Reason: resource.ReasonReadOnlyField, Model: m.Name, Source: resource.Source{Pointer: ptr}}
}

func checkEdgeWritable(e *resource.Edge, update bool, ptr string) error {
	if e.ReadOnly || (update && e.Immutable) {
		return readOnly(e.Model(), "relationship", e.Name, !e.ReadOnly, ptr)
	}
	return nil
}

// parseRelationships adds the relationships to w: each replaces its linkage
// (JA-CRT-02, JA-UPD-04). One given both as a foreign-key attribute and as
// a relationship must name the same row.
func parseRelationships(w *resource.Write, loc *pointers, raw json.RawMessage, update bool) error {
	m := w.Model
	return eachMember(raw, "/data/relationships", "relationships", func(key string, dec *json.Decoder) error {
		ptr := "/data/relationships/" + escapePointer(key)
		var ro rawData
		if err := dec.Decode(&ro); err != nil {
			if _, ok := err.(*json.UnmarshalTypeError); ok {
				return docError(ptr, "relationship %q must be an object with a data member", key)
			}
			return docError(ptr, "relationship %q: %s", key, jsonErr(err))
		}
		e, ok := m.Edge(key)
		if !ok {
			return resource.Errorf(resource.Invalid, resource.CodeUnknownRelation, "%s has no relationship %q", m.Type, key).AtPointer(ptr)
		}
		if err := checkEdgeWritable(e, update, ptr); err != nil {
			return err
		}
		if !present(ro.Data) {
			return resource.Errorf(resource.Invalid, resource.CodeMissingValue, "relationship %q has no data member", key).AtPointer(ptr)
		}
		if update && requiredInverse(e) {
			return orphaning(e, ptr)
		}
		ids, err := parseLinkage(e, ro.Data, ptr+"/data")
		if err != nil {
			return err
		}
		for i := range w.Edges {
			if w.Edges[i].Edge == e { // also given as the foreign-key attribute
				if !sameIDs(w.Edges[i].IDs, ids) {
					return resource.Errorf(resource.Invalid, resource.CodeInvalidValue,
						"relationship %q and attribute %q name different rows", e.Name, e.FKName).AtPointer(ptr)
				}
				return nil
			}
		}
		w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeSet, IDs: ids})
		loc.setEdge(e, ptr)
		return nil
	})
}

func sameIDs(a, b []any) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// parseLinkage parses resource linkage for e: null or one identifier for a
// to-one, an array of identifiers for a to-many. Identifiers of another type
// than the edge's target are a 409, as a wrong primary type is (JA-CRT-11);
// ids that cannot name a row are a 404 (JA-CRT-09). Repeated ids count once.
func parseLinkage(e *resource.Edge, data json.RawMessage, ptr string) ([]any, error) {
	if ids, ok := fastLinkage(e, data); ok {
		return ids, nil
	}
	if e.Unique {
		if isNull(data) {
			return nil, nil
		}
		if data[0] != '{' {
			return nil, docError(ptr, "relationship %q is to-one: data must be a resource identifier or null", e.Name)
		}
		id, err := parseIdentifier(e.Target(), data, ptr)
		if err != nil {
			return nil, err
		}
		return []any{id}, nil
	}
	if data[0] != '[' {
		return nil, docError(ptr, "relationship %q is to-many: data must be an array of resource identifiers", e.Name)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, docError(ptr, "relationship %q: %s", e.Name, jsonErr(err))
	}
	ids := make([]any, 0, len(items))
	for i, it := range items {
		id, err := parseIdentifier(e.Target(), it, ptr+"/"+strconv.Itoa(i))
		if err != nil {
			return nil, err
		}
		dup := false
		for _, x := range ids {
			if x == id {
				dup = true
				break
			}
		}
		if !dup {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// fastIdentifier is a well-formed resource identifier, decoded in one pass.
type fastIdentifier struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// fastLinkage decodes linkage of the usual shape in one json.Unmarshal; ok
// is false when anything is unusual (a missing or mistyped member, an id
// that does not parse, a repeated id), and parseLinkage then takes the
// member-by-member path that reports errors precisely.
func fastLinkage(e *resource.Edge, data json.RawMessage) (ids []any, ok bool) {
	t := e.Target()
	one := func(fi *fastIdentifier) (any, bool) {
		if fi.Type != t.Type || fi.ID == "" {
			return nil, false
		}
		id, err := resource.ParseID(t, fi.ID)
		return id, err == nil
	}
	if e.Unique {
		var fi fastIdentifier
		if data[0] != '{' || json.Unmarshal(data, &fi) != nil {
			return nil, false
		}
		id, ok := one(&fi)
		if !ok {
			return nil, false
		}
		return []any{id}, true
	}
	var items []fastIdentifier
	if data[0] != '[' || json.Unmarshal(data, &items) != nil {
		return nil, false
	}
	ids = make([]any, 0, len(items))
	for i := range items {
		id, ok := one(&items[i])
		if !ok {
			return nil, false
		}
		for _, x := range ids {
			if x == id {
				return nil, false
			}
		}
		ids = append(ids, id)
	}
	return ids, true
}

// parseIdentifier parses a resource identifier object of type t.
func parseIdentifier(t *resource.Model, raw json.RawMessage, ptr string) (any, error) {
	var obj rawObject
	if len(raw) == 0 || raw[0] != '{' || json.Unmarshal(raw, &obj) != nil {
		return nil, docError(ptr, "a resource identifier must be an object with type and id")
	}
	if !present(obj.Type) || isNull(obj.Type) {
		return nil, resource.Errorf(resource.Invalid, resource.CodeMissingValue, "the resource identifier has no type").AtPointer(ptr)
	}
	typ, err := stringMember(obj.Type, ptr+"/type", "type")
	if err != nil {
		return nil, err
	}
	if typ != t.Type {
		return nil, resource.Errorf(resource.Conflict, resource.CodeConflict, "type %q does not match the relationship's type %q", typ, t.Type).AtPointer(ptr + "/type")
	}
	if !present(obj.ID) || isNull(obj.ID) {
		return nil, resource.Errorf(resource.Invalid, resource.CodeMissingValue, "the resource identifier has no id").AtPointer(ptr)
	}
	s, err := stringMember(obj.ID, ptr+"/id", "id")
	if err != nil {
		return nil, err
	}
	id, err := resource.ParseID(t, s)
	if err != nil {
		return nil, resource.Errorf(resource.NotFound, resource.CodeNotFound, "related %s %q not found", t.Type, s).AtPointer(ptr + "/id")
	}
	return id, nil
}

// pointers is the resource.Locator of a parsed request document: the JSON
// pointer of every member a Write was built from.
type pointers struct {
	id     string
	body   string
	fields map[*resource.Field]string
	edges  map[*resource.Edge]string
}

func (p *pointers) setField(f *resource.Field, ptr string) {
	if p.fields == nil {
		p.fields = make(map[*resource.Field]string, 8)
	}
	p.fields[f] = ptr
}

func (p *pointers) setEdge(e *resource.Edge, ptr string) {
	if p.edges == nil {
		p.edges = make(map[*resource.Edge]string, 4)
	}
	p.edges[e] = ptr
}

func (p *pointers) Field(f *resource.Field) resource.Source {
	if f.Index < 0 {
		return resource.Source{Pointer: p.id}
	}
	if ptr, ok := p.fields[f]; ok {
		return resource.Source{Pointer: ptr}
	}
	if f.Edge != nil {
		return p.Edge(f.Edge)
	}
	return resource.Source{Pointer: p.body}
}

func (p *pointers) Edge(e *resource.Edge) resource.Source {
	if ptr, ok := p.edges[e]; ok {
		return resource.Source{Pointer: ptr}
	}
	return resource.Source{Pointer: p.body}
}

func (p *pointers) Body() resource.Source { return resource.Source{Pointer: p.body} }
