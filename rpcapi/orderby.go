package rpcapi

import (
	"github.com/entstack/entstack/resource"
)

// parseOrderBy parses orderBy (RPC-ORD-01..04): an object or an array of
// objects, each with one key: a scalar field ("asc" | "desc" | {sort,
// nulls}), a to-one relation (a nested orderBy object, RPC-ORD-03) or a
// to-many relation ({_count: "asc"}, RPC-ORD-04). Object keys carry no order
// once decoded, so an object with several keys is rejected, as Prisma does.
func parseOrderBy(m *resource.Model, v any, path string) ([]resource.Order, error) {
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
		if len(o) > 1 {
			return nil, argError(ip, resource.CodeInvalidValue, "an orderBy object must have exactly one key: use an array of objects to sort by several fields")
		}
		for k, val := range o {
			ord, err := orderTerm(m, nil, k, val, join(ip, k))
			if err != nil {
				return nil, err
			}
			out = append(out, ord)
		}
	}
	return out, nil
}

func orderTerm(m *resource.Model, path []*resource.Edge, k string, v any, p string) (resource.Order, error) {
	if f, ok := m.Field(k); ok && !f.Sensitive {
		if !sortable(f) {
			return resource.Order{}, argError(p, resource.CodeInvalidParameter, "%s (%s) cannot be sorted", f.Name, f.Kind)
		}
		desc, nulls, err := direction(v, p)
		if err != nil {
			return resource.Order{}, err
		}
		if nulls != resource.NullsDefault && !f.Nillable {
			return resource.Order{}, argError(p, resource.CodeInvalidValue, "nulls applies to optional fields only")
		}
		return resource.Order{Path: path, Field: f, Desc: desc, Nulls: nulls}, nil
	}
	e, ok := m.Edge(k)
	if !ok {
		return resource.Order{}, unknownField(m, p)
	}
	o, err := asObject(v, p)
	if err != nil {
		return resource.Order{}, err
	}
	if len(o) != 1 {
		return resource.Order{}, argError(p, resource.CodeInvalidValue, "expected an object with exactly one key")
	}
	for nk, nv := range o {
		np := join(p, nk)
		if !e.Unique {
			if nk != "_count" {
				return resource.Order{}, argError(np, resource.CodeInvalidValue, "to-many relations sort by _count only")
			}
			desc, nulls, err := direction(nv, np)
			if err != nil {
				return resource.Order{}, err
			}
			if nulls != resource.NullsDefault {
				return resource.Order{}, argError(np, resource.CodeInvalidValue, "nulls does not apply to counts")
			}
			if len(path) > 0 {
				return resource.Order{}, argError(np, resource.CodeInvalidValue, "_count sorts are supported on the queried model's relations only")
			}
			return resource.Order{Count: e, Desc: desc}, nil
		}
		return orderTerm(e.Target(), append(path[:len(path):len(path)], e), nk, nv, np)
	}
	panic("unreachable")
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
	switch f.Kind {
	case resource.KindJSON, resource.KindBytes, resource.KindOther:
		return false
	}
	return true
}
