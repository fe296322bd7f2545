package restapi

import (
	"strings"

	"github.com/entstack/entstack/resource"
)

// operators maps the filter suffixes of ZenStack's JSON:API handler to the
// runtime's operators. The collection operators ($has, $hasEvery, $hasSome,
// $isEmpty) apply to to-many relationships, whose collection is the set of
// related ids.
var operators = map[string]resource.Op{
	"$lt": resource.OpLT, "$lte": resource.OpLTE, "$gt": resource.OpGT, "$gte": resource.OpGTE,
	"$contains": resource.OpContains, "$icontains": resource.OpContains,
	"$search": resource.OpSearch, "$startsWith": resource.OpStartsWith, "$endsWith": resource.OpEndsWith,
}

var collectionOps = map[string]bool{"$has": true, "$hasEvery": true, "$hasSome": true, "$isEmpty": true}

// parseFilter parses one filter[sel1][sel2]…[name$op]=value parameter on m.
// Selectors walk relationships (to-many ones with "some" semantics); the
// last names an attribute or, compared by id, a relationship. Comma-separated
// values are alternatives (OR). A model with an external id (ids) is
// filtered by it: filter[id]=go, filter[tags]=go.
func parseFilter(m *resource.Model, key, val string, ids idMap) (resource.Filter, error) {
	segs, ok := brackets(key, "filter")
	if !ok || len(segs) == 0 {
		return nil, paramError(key, "malformed filter %q: use filter[field]=value or filter[relationship][field]=value", key)
	}
	last := segs[len(segs)-1]
	op := ""
	if i := strings.IndexByte(last, '$'); i >= 0 {
		last, op = last[:i], last[i:]
	}
	var edges []*resource.Edge
	cur := m
	for _, name := range segs[:len(segs)-1] {
		e, ok := cur.Relationship(name)
		if !ok {
			return nil, paramError(key, "%s has no relationship %q", cur.Type(), name)
		}
		edges = append(edges, e)
		cur = e.Target()
	}
	var leaf resource.Filter
	var err error
	if f, ok := cur.Attribute(last); ok {
		if f == cur.ID() {
			f = ids.field(cur)
		}
		leaf, err = fieldFilter(f, op, val)
	} else if e, ok := cur.Relationship(last); ok {
		leaf, err = edgeFilter(e, op, val, ids.field(e.Target()))
	} else {
		return nil, paramError(key, "%s has no attribute or relationship %q", cur.Type(), last)
	}
	if err != nil {
		if re, ok := err.(*resource.Error); ok && re.Source.Parameter == "" {
			re.Source.Parameter = key
		}
		return nil, err
	}
	for i := len(edges) - 1; i >= 0; i-- {
		leaf = &resource.EdgeFilter{Edge: edges[i], Mode: resource.Some, Where: leaf}
	}
	return leaf, nil
}

func fieldFilter(f *resource.Field, op, val string) (resource.Filter, error) {
	if collectionOps[op] && f.Kind() != resource.KindJSON {
		return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator,
			"operator %s applies to to-many relationships and list attributes, and %q is a %s", op, f.MemberName(), f.Kind())
	}
	if f.Kind() == resource.KindJSON {
		return jsonFilter(f, op, val)
	}
	if f.Kind() == resource.KindOther && f.Conv() == nil {
		return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidParameter, "attribute %q (%s) cannot be filtered", f.MemberName(), f.Kind())
	}
	if op == "$between" {
		return betweenFilter(f, val)
	}
	rop := resource.OpEQ
	if op != "" {
		var ok bool
		if rop, ok = operators[op]; !ok {
			return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator, "unknown filter operator %q", op)
		}
		switch rop {
		case resource.OpLT, resource.OpLTE, resource.OpGT, resource.OpGTE:
			if !f.Kind().Ordered() {
				return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator, "operator %s does not apply to %s attribute %q", op, f.Kind(), f.MemberName())
			}
		default:
			if f.Kind() != resource.KindString {
				return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator, "operator %s applies to strings, and %q is a %s", op, f.MemberName(), f.Kind())
			}
		}
	}
	fold := op == "$icontains"
	var ors resource.Or
	var eqs []any
	for _, s := range strings.Split(val, ",") {
		if rop == resource.OpEQ {
			v, err := resource.Parse(f, s)
			if err != nil {
				return nil, err
			}
			if v == nil {
				ors = append(ors, &resource.Cmp{Field: f, Op: resource.OpEQ, Value: nil})
				continue
			}
			eqs = append(eqs, v)
			continue
		}
		if rop == resource.OpContains || rop == resource.OpStartsWith || rop == resource.OpEndsWith || rop == resource.OpSearch {
			ors = append(ors, &resource.Cmp{Field: f, Op: rop, Value: s, Fold: fold})
			continue
		}
		v, err := resource.Parse(f, s)
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "operator %s cannot compare with null", op)
		}
		ors = append(ors, &resource.Cmp{Field: f, Op: rop, Value: v})
	}
	switch len(eqs) {
	case 0:
	case 1:
		ors = append(ors, &resource.Cmp{Field: f, Op: resource.OpEQ, Value: eqs[0]})
	default:
		ors = append(ors, &resource.Cmp{Field: f, Op: resource.OpIn, Value: eqs})
	}
	if len(ors) == 1 {
		return ors[0], nil
	}
	return ors, nil
}

// edgeFilter filters by the ids of related rows: filter[author]=1,2 (the
// author is 1 or 2), filter[posts]=1 (some post is 1), and the collection
// operators on to-many relationships. key is the target's id, or the
// attribute that serves as its external id.
func edgeFilter(e *resource.Edge, op, val string, key *resource.Field) (resource.Filter, error) {
	t := e.Target()
	if op == "$isEmpty" {
		if e.Unique() {
			return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator, "operator $isEmpty applies to to-many relationships, and %q is to-one", e.MemberName())
		}
		switch val {
		case "true":
			return &resource.EdgeFilter{Edge: e, Mode: resource.None}, nil
		case "false":
			return &resource.EdgeFilter{Edge: e, Mode: resource.Some}, nil
		}
		return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "$isEmpty takes true or false, got %q", val)
	}
	if op != "" && !collectionOps[op] {
		return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator,
			"operator %s does not apply to relationship %q (filter its attributes: filter[%s][field%s])", op, e.MemberName(), e.MemberName(), op)
	}
	if op != "" && e.Unique() {
		return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator, "operator %s applies to to-many relationships, and %q is to-one", op, e.MemberName())
	}
	if e.Unique() && op == "" && val == "null" {
		// filter[author]=null: the relationship is empty.
		return &resource.EdgeFilter{Edge: e, Mode: resource.None}, nil
	}
	var ids []any
	for _, s := range strings.Split(val, ",") {
		v, err := resource.Parse(key, s)
		if err != nil {
			return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "%q is not a valid %s id", s, t.Type())
		}
		ids = append(ids, v)
	}
	idIs := func(v any) resource.Filter { return &resource.Cmp{Field: key, Op: resource.OpEQ, Value: v} }
	switch op {
	case "$hasEvery":
		all := make(resource.And, len(ids))
		for i, id := range ids {
			all[i] = &resource.EdgeFilter{Edge: e, Mode: resource.Some, Where: idIs(id)}
		}
		return all, nil
	case "$has":
		if len(ids) != 1 {
			return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "$has takes one id; use $hasSome or $hasEvery for several")
		}
	}
	var where resource.Filter
	if len(ids) == 1 {
		where = idIs(ids[0])
	} else {
		where = &resource.Cmp{Field: key, Op: resource.OpIn, Value: ids}
	}
	return &resource.EdgeFilter{Edge: e, Mode: resource.Some, Where: where}, nil
}

// betweenFilter parses filter[field$between]=low,high: an inclusive range
// (ZenStack's extension of the seed's operators).
func betweenFilter(f *resource.Field, val string) (resource.Filter, error) {
	if !f.Kind().Ordered() {
		return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownOperator, "operator $between does not apply to %s attribute %q", f.Kind(), f.MemberName())
	}
	bounds := strings.Split(val, ",")
	if len(bounds) != 2 {
		return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "$between takes two comma-separated bounds, got %q", val)
	}
	lo, err := resource.Parse(f, bounds[0])
	if err != nil {
		return nil, err
	}
	hi, err := resource.Parse(f, bounds[1])
	if err != nil {
		return nil, err
	}
	if lo == nil || hi == nil {
		return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "$between bounds cannot be null")
	}
	return resource.And{&resource.Cmp{Field: f, Op: resource.OpGTE, Value: lo}, &resource.Cmp{Field: f, Op: resource.OpLTE, Value: hi}}, nil
}

// jsonFilter parses the collection operators on a JSON attribute holding a
// list of scalars (field.Strings, field.Ints…): filter[tags$has]=a,
// $hasEvery=a,b, $hasSome=a,b, $isEmpty=true. Other JSON values have no
// JSON:API filter (the RPC API has Prisma's Json filters).
func jsonFilter(f *resource.Field, op, val string) (resource.Filter, error) {
	if f.Elem() == 0 || !collectionOps[op] {
		return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidParameter,
			"attribute %q (json) is filtered only with $has, $hasEvery, $hasSome and $isEmpty, when it is a list of scalars", f.MemberName())
	}
	if op == "$isEmpty" {
		if val != "true" && val != "false" {
			return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "$isEmpty takes true or false, got %q", val)
		}
		return &resource.JSONFilter{Field: f, Op: resource.JSONIsEmpty, Value: val == "true"}, nil
	}
	elem := resource.NewField(resource.FieldSpec{Name: f.Name(), Kind: f.Elem()})
	var vs []any
	for _, s := range strings.Split(val, ",") {
		v, err := resource.Parse(elem, s)
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	switch op {
	case "$has":
		if len(vs) != 1 {
			return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidValue, "$has takes one value; use $hasSome or $hasEvery for several")
		}
		return &resource.JSONFilter{Field: f, Op: resource.JSONArrayContains, Value: vs}, nil
	case "$hasSome":
		return &resource.JSONFilter{Field: f, Op: resource.JSONHasSome, Value: vs}, nil
	}
	return &resource.JSONFilter{Field: f, Op: resource.JSONArrayContains, Value: vs}, nil
}
