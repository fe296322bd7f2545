package rpcapi

import (
	"github.com/entstack/entstack/resource"
)

// orderBy parses orderBy (RPC-ORD-01..04): an object or an array of
// objects. Each member of an object is a sort key, in the order the
// members were sent (as Prisma, which sorts by the key order of a JS
// object): a scalar field ("asc" | "desc" | {sort, nulls}), a to-one
// relation (a nested orderBy object, RPC-ORD-03) or a to-many relation
// ({_count: "asc"}, RPC-ORD-04).
func (p *parser) orderBy(m *resource.Model, v any, path string) ([]resource.Order, error) {
	if v == nil {
		return nil, nil
	}
	items, isArr := v.([]any)
	if !isArr {
		items = []any{v}
	}
	var out []resource.Order
	for i, it := range items {
		ip := path
		if isArr {
			ip = join(path, itoa(i))
		}
		o, err := asObject(it, ip)
		if err != nil {
			return nil, err
		}
		for _, k := range p.order.keys(o) {
			if out, err = p.orderTerm(out, m, nil, k, o[k], join(ip, k)); err != nil {
				return nil, err
			}
		}
	}
	if err := p.budget.Orders(out); err != nil {
		return nil, atPath(err, path)
	}
	return out, nil
}

// orderTerm appends the sort keys of the member k: v of an orderBy object
// on m, reached from the queried model through the to-one edges of path.
func (p *parser) orderTerm(out []resource.Order, m *resource.Model, path []*resource.Edge, k string, v any, at string) ([]resource.Order, error) {
	if f, ok := m.Field(k); ok && !f.Sensitive() {
		if !sortable(f) {
			return nil, argError(at, resource.CodeInvalidParameter, "%s (%s) cannot be sorted", f.Name(), f.Kind())
		}
		desc, nulls, err := direction(v, at)
		if err != nil {
			return nil, err
		}
		if nulls != resource.NullsDefault && !f.Nillable() {
			return nil, argError(at, resource.CodeInvalidValue, "nulls applies to optional fields only")
		}
		return append(out, resource.Order{Path: path, Field: f, Desc: desc, Nulls: nulls}), nil
	}
	e, ok := m.Edge(k)
	if !ok {
		return nil, unknownField(m, at)
	}
	o, err := asObject(v, at)
	if err != nil {
		return nil, err
	}
	if len(o) == 0 {
		return nil, argError(at, resource.CodeInvalidValue, "expected an object with at least one key")
	}
	for _, nk := range p.order.keys(o) {
		np := join(at, nk)
		nv := o[nk]
		if !e.Unique() {
			if nk != "_count" {
				return nil, argError(np, resource.CodeInvalidValue, "to-many relations sort by _count only")
			}
			desc, nulls, err := direction(nv, np)
			if err != nil {
				return nil, err
			}
			if nulls != resource.NullsDefault {
				return nil, argError(np, resource.CodeInvalidValue, "nulls does not apply to counts")
			}
			if len(path) > 0 {
				return nil, argError(np, resource.CodeInvalidValue, "_count sorts are supported on the queried model's relations only")
			}
			out = append(out, resource.Order{Count: e, Desc: desc})
			continue
		}
		if out, err = p.orderTerm(out, e.Target(), append(path[:len(path):len(path)], e), nk, nv, np); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// direction parses "asc" | "desc" | {sort, nulls} (RPC-ORD-02).
func direction(v any, p string) (desc bool, nulls resource.Nulls, err error) {
	switch x := v.(type) {
	case string:
		desc, err = sortDir(x, p)
		return desc, resource.NullsDefault, err
	case map[string]any:
		if err := checkKeys(x, p, "sort", "nulls"); err != nil {
			return false, 0, err
		}
		s, err := asString(x["sort"], join(p, "sort"))
		if err != nil {
			return false, 0, err
		}
		if desc, err = sortDir(s, join(p, "sort")); err != nil {
			return false, 0, err
		}
		if n, ok := x["nulls"]; ok {
			switch n {
			case "first":
				nulls = resource.NullsFirst
			case "last":
				nulls = resource.NullsLast
			default:
				return false, 0, argError(join(p, "nulls"), resource.CodeInvalidValue, `expected "first" or "last"`)
			}
		}
		return desc, nulls, nil
	}
	return false, 0, argError(p, resource.CodeInvalidValue, `expected "asc", "desc" or {sort, nulls}`)
}

func sortDir(s, p string) (bool, error) {
	switch s {
	case "asc":
		return false, nil
	case "desc":
		return true, nil
	}
	return false, argError(p, resource.CodeInvalidValue, `expected "asc" or "desc"`)
}

// sortable reports whether the database can order (and group, and
// partition) by the field's values on every dialect.
func sortable(f *resource.Field) bool {
	switch f.Kind() {
	case resource.KindJSON, resource.KindBytes, resource.KindOther:
		return false
	}
	return true
}
