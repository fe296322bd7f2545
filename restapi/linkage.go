package restapi

import (
	"strconv"

	"github.com/entstack/entstack/resource"
)

// parseLinkage parses resource linkage (valid JSON) for e: null or one
// identifier for a to-one, an array of identifiers for a to-many.
// Identifiers of another type than the edge's target are a 409, as a wrong
// primary type is (JA-CRT-11); ids that cannot name a row are a 404
// (JA-CRT-09). Repeated ids count once.
//
// The ids of a target with an external id (ids) are that attribute's
// values, for resolveLinkage.
func parseLinkage(e *resource.Edge, data member, ptr string, ids idMap) ([]any, error) {
	if e.Unique() {
		if data.null() {
			return nil, nil
		}
		if data[0] != '{' {
			return nil, docError(ptr, "relationship %q is to-one: data must be a resource identifier or null", e.MemberName())
		}
		id, err := parseIdentifier(e.Target(), data, ptr, ids)
		if err != nil {
			return nil, err
		}
		return []any{id}, nil
	}
	if data[0] != '[' {
		return nil, docError(ptr, "relationship %q is to-many: data must be an array of resource identifiers", e.MemberName())
	}
	out := make([]any, 0, 4)
	s := &scanner{b: data}
	err := s.array(func(i int) error {
		id, err := parseIdentifier(e.Target(), s.raw(), ptr+"/"+strconv.Itoa(i), ids)
		if err != nil {
			return err
		}
		for _, x := range out {
			if x == id {
				return nil
			}
		}
		out = append(out, id)
		return nil
	})
	return out, err
}

// parseIdentifier parses a resource identifier object of type t.
func parseIdentifier(t *resource.Model, raw member, ptr string, ids idMap) (any, error) {
	if raw[0] != '{' {
		return nil, docError(ptr, "a resource identifier must be an object with type and id")
	}
	obj := readObject(raw)
	if !obj.typ.given() {
		return nil, docError(ptr, "the resource identifier has no type")
	}
	typ, err := stringMember(obj.typ, ptr+"/type", "type")
	if err != nil {
		return nil, err
	}
	if typ != t.Type() {
		return nil, resource.Errorf(resource.Conflict, CodeInvalidRelation, "type %q does not match the relationship's type %q", typ, t.Type()).AtPointer(ptr + "/type")
	}
	if !obj.id.given() {
		return nil, docError(ptr, "the resource identifier has no id")
	}
	s, err := stringMember(obj.id, ptr+"/id", "id")
	if err != nil {
		return nil, err
	}
	var id any
	if f := ids.field(t); f != t.ID() {
		id, err = resource.Parse(f, s)
	} else {
		id, err = resource.ParseID(t, s)
	}
	if err != nil || id == nil {
		return nil, resource.Errorf(resource.NotFound, resource.CodeNotFound, "related %s %q not found", t.Type(), s).AtPointer(ptr + "/id")
	}
	return id, nil
}
