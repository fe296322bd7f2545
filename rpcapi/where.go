package rpcapi

import (
	"encoding/json"
	"slices"

	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/rpcapi/superjson"
)

// whereParser parses Prisma where objects (spec §2.2) into the runtime's
// filter tree; it never builds SQL itself.
type whereParser struct {
	maxDepth int
	budget   *resource.Budget
}

// parse parses a where object on m at path. A nil or absent where is nil.
func (p whereParser) parse(m *resource.Model, v any, path string, depth int) (resource.Filter, error) {
	if v == nil {
		return nil, nil
	}
	if depth > p.maxDepth {
		return nil, argError(path, resource.CodeLimit, "where is nested deeper than %d levels", p.maxDepth)
	}
	o, err := asObject(v, path)
	if err != nil {
		return nil, err
	}
	var and resource.And
	for _, k := range sortedKeys(o) {
		kp := join(path, k)
		val := o[k]
		var f resource.Filter
		switch k {
		case "AND", "NOT", "OR":
			f, err = p.logical(m, k, val, kp, depth)
		default:
			if fd, ok := m.Field(k); ok {
				f, err = p.field(fd, val, kp)
			} else if e, ok := m.Edge(k); ok {
				f, err = p.edge(e, val, kp, depth)
			} else if parts := m.Compound(k); parts != nil {
				f, err = p.compound(parts, val, kp)
			} else {
				err = unknownField(m, kp)
			}
		}
		if err != nil {
			return nil, err
		}
		if f != nil {
			and = append(and, f)
		}
	}
	f := resource.AndOf(and...)
	if depth == 0 {
		// The whole where is charged at once: its size is what the
		// database sees.
		if err := p.budget.Filter(f); err != nil {
			return nil, atPath(err, path)
		}
	}
	return f, nil
}

// compound parses Prisma's compound unique key, {"a_b": {"a": 1, "b": 2}}:
// every part equal to its value.
func (p whereParser) compound(parts []*resource.Field, v any, path string) (resource.Filter, error) {
	o, err := asObject(v, path)
	if err != nil {
		return nil, err
	}
	and := make(resource.And, 0, len(parts))
	for _, f := range parts {
		x, ok := o[f.Name()]
		if !ok {
			return nil, argError(join(path, f.Name()), resource.CodeMissingValue, "%s is part of the key", f.Name())
		}
		c, err := equals(f, x, join(path, f.Name()))
		if err != nil {
			return nil, err
		}
		and = append(and, c)
	}
	for _, k := range sortedKeys(o) {
		if !slices.ContainsFunc(parts, func(f *resource.Field) bool { return f.Name() == k }) {
			return nil, argError(join(path, k), resource.CodeUnknownField, "%s is not part of the key", k)
		}
	}
	return and, nil
}

// logical parses AND, OR and NOT (RPC-WHERE-08): each takes an object or an
// array of objects; NOT [a, b] is NOT a AND NOT b, as in Prisma.
func (p whereParser) logical(m *resource.Model, op string, v any, path string, depth int) (resource.Filter, error) {
	var items []any
	switch x := v.(type) {
	case []any:
		items = x
	case map[string]any:
		items = []any{x}
	default:
		return nil, argError(path, resource.CodeInvalidValue, "expected an object or an array of objects")
	}
	fs := make([]resource.Filter, 0, len(items))
	for i, it := range items {
		ip := path
		if _, isArr := v.([]any); isArr {
			ip = join(path, itoa(i))
		}
		f, err := p.parse(m, it, ip, depth+1)
		if err != nil {
			return nil, err
		}
		if f == nil {
			f = resource.Const(true)
		}
		fs = append(fs, f)
	}
	switch op {
	case "OR":
		return resource.Or(fs), nil
	case "NOT":
		for i, f := range fs {
			fs[i] = resource.Not{F: f}
		}
	}
	if len(fs) == 0 {
		return nil, nil
	}
	return resource.And(fs), nil
}

// field parses the condition on a scalar field: a value (implicit equals,
// RPC-WHERE-01), null (RPC-WHERE-09) or an object of operators.
func (p whereParser) field(f *resource.Field, v any, path string) (resource.Filter, error) {
	if f.Sensitive() {
		return nil, unknownField(f.Model(), path)
	}
	if f.Kind() == resource.KindJSON {
		return p.json(f, v, path)
	}
	o, ok := v.(map[string]any)
	if !ok {
		return equals(f, v, path)
	}
	fold := false
	if mv, ok := o["mode"]; ok {
		s, _ := mv.(string)
		switch s {
		case "insensitive":
			fold = true
		case "default":
		default:
			return nil, argError(join(path, "mode"), resource.CodeInvalidValue, `expected "default" or "insensitive"`)
		}
		if f.Kind() != resource.KindString {
			return nil, argError(join(path, "mode"), resource.CodeInvalidParameter, "mode applies to string fields only")
		}
	}
	var and resource.And
	for _, k := range sortedKeys(o) {
		kp := join(path, k)
		val := o[k]
		var c resource.Filter
		var err error
		switch k {
		case "mode":
			continue
		case "equals":
			c, err = equals(f, val, kp)
			if cmp, ok := c.(*resource.Cmp); ok {
				cmp.Fold = fold && cmp.Value != nil
			}
		case "not":
			if sub, ok := val.(map[string]any); ok {
				if _, has := sub["mode"]; !has && fold {
					sub["mode"] = "insensitive"
				}
				c, err = p.field(f, sub, kp)
				if c != nil {
					c = resource.Not{F: c}
				}
			} else {
				c, err = compare(f, resource.OpNEQ, val, kp, fold)
			}
		case "in", "notIn":
			c, err = list(f, k, val, kp, fold)
		case "lt", "lte", "gt", "gte":
			if !f.Kind().Ordered() {
				return nil, argError(kp, resource.CodeUnknownOperator, "%s cannot be compared with %s", f.Name(), k)
			}
			c, err = compare(f, rangeOps[k], val, kp, false)
		case "between":
			c, err = between(f, val, kp)
		case "contains", "startsWith", "endsWith":
			if f.Kind() != resource.KindString {
				return nil, argError(kp, resource.CodeUnknownOperator, "%s applies to string fields only", k)
			}
			var s string
			if s, err = asString(val, kp); err == nil {
				c = &resource.Cmp{Field: f, Op: stringOps[k], Value: s, Fold: fold}
			}
		default:
			return nil, argError(kp, resource.CodeUnknownOperator, "unknown filter operator")
		}
		if err != nil {
			return nil, err
		}
		and = append(and, c)
	}
	return resource.AndOf(and...), nil
}

// jsonOps are Prisma's Json filters (RPC-WHERE-13) and scalar-list
// filters (RPC-WHERE-12) on JSON fields.
var jsonOps = map[string]resource.JSONOp{
	"string_contains": resource.JSONStringContains, "string_starts_with": resource.JSONStringStartsWith,
	"string_ends_with": resource.JSONStringEndsWith, "array_contains": resource.JSONArrayContains,
	"array_starts_with": resource.JSONArrayStartsWith, "array_ends_with": resource.JSONArrayEndsWith,
	"has": resource.JSONArrayContains, "hasEvery": resource.JSONArrayContains, "hasSome": resource.JSONHasSome,
	"isEmpty": resource.JSONIsEmpty,
}

// json parses the filter of a JSON field: {path?, mode?, equals | not |
// string_contains | … | has | hasEvery | hasSome | isEmpty}. A plain null
// (or DbNull) matches a NULL column; JsonNull a JSON null; AnyNull either.
func (p whereParser) json(f *resource.Field, v any, path string) (resource.Filter, error) {
	if v == nil || v == superjson.DbNull {
		return &resource.Cmp{Field: f, Op: resource.OpIsNull, Value: true}, nil
	}
	o, ok := v.(map[string]any)
	if !ok {
		return nil, argError(path, resource.CodeInvalidValue, "a Json field is filtered with an object: equals, not, path with string_contains, array_contains…, or has, hasEvery, hasSome, isEmpty for a list")
	}
	var jpath []string
	if pv, ok := o["path"]; ok {
		var err error
		if jpath, err = resource.ParseJSONPath(plain(pv)); err != nil {
			return nil, atPath(err, join(path, "path"))
		}
	}
	fold := false
	if mv, ok := o["mode"]; ok {
		if s, _ := mv.(string); s != "insensitive" && s != "default" {
			return nil, argError(join(path, "mode"), resource.CodeInvalidValue, `expected "default" or "insensitive"`)
		}
		fold = mv == "insensitive"
	}
	var and resource.And
	for _, k := range sortedKeys(o) {
		kp := join(path, k)
		x := o[k]
		switch k {
		case "path", "mode":
			continue
		case "equals", "not":
			c := jsonEquals(f, jpath, x)
			if k == "not" {
				c = resource.Not{F: c}
			}
			and = append(and, c)
			continue
		}
		op, ok := jsonOps[k]
		if !ok {
			return nil, argError(kp, resource.CodeUnknownOperator, "unknown Json filter operator")
		}
		jf := &resource.JSONFilter{Field: f, Path: jpath, Op: op, Value: jsonValue(x), Fold: fold}
		switch k {
		case "string_contains", "string_starts_with", "string_ends_with":
			if _, ok := x.(string); !ok {
				return nil, argError(kp, resource.CodeInvalidValue, "expected a string")
			}
		case "array_contains", "has":
			if xs, isList := jf.Value.([]any); !isList || k == "has" {
				jf.Value = []any{jf.Value}
			} else {
				jf.Value = xs
			}
		case "hasEvery", "hasSome":
			if _, isList := jf.Value.([]any); !isList {
				return nil, argError(kp, resource.CodeInvalidValue, "expected an array")
			}
		case "isEmpty":
			if _, ok := x.(bool); !ok {
				return nil, argError(kp, resource.CodeInvalidValue, "expected true or false")
			}
		}
		and = append(and, jf)
	}
	return resource.AndOf(and...), nil
}

// jsonEquals is the equality of a JSON field (at path) with a value, its
// null sentinels included.
func jsonEquals(f *resource.Field, path []string, v any) resource.Filter {
	dbNull := &resource.Cmp{Field: f, Op: resource.OpIsNull, Value: true}
	jsonNull := &resource.JSONFilter{Field: f, Path: path, Op: resource.JSONEquals}
	switch v {
	case nil, superjson.DbNull:
		if len(path) > 0 {
			return jsonNull
		}
		return dbNull
	case superjson.JSONNull:
		return jsonNull
	case superjson.AnyNull:
		return resource.Or{dbNull, jsonNull}
	}
	return &resource.JSONFilter{Field: f, Path: path, Op: resource.JSONEquals, Value: jsonValue(v)}
}

// jsonValue turns the superjson values of a JSON argument back into JSON
// ones (a Decimal is a number, a date its string).
func jsonValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = jsonValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = jsonValue(e)
		}
		return out
	case superjson.NullSentinel:
		return nil
	}
	return plain(v)
}

var rangeOps = map[string]resource.Op{"lt": resource.OpLT, "lte": resource.OpLTE, "gt": resource.OpGT, "gte": resource.OpGTE}

var stringOps = map[string]resource.Op{"contains": resource.OpContains, "startsWith": resource.OpStartsWith, "endsWith": resource.OpEndsWith}

// value coerces an operand to the field's canonical value (for an Other
// field, its Go type: the database sees what its Valuer writes).
func value(f *resource.Field, v any, path string) (any, error) {
	if f.Kind() == resource.KindJSON || (f.Kind() == resource.KindOther && f.Conv() == nil) {
		return nil, argError(path, resource.CodeInvalidParameter, "%s (%s) cannot be filtered", f.Name(), f.Kind())
	}
	x, err := resource.Coerce(f, plain(v))
	if err == nil && f.Kind() == resource.KindOther && x != nil {
		x, err = f.Conv()(x)
	}
	if err != nil {
		return nil, atPath(err, path)
	}
	return x, nil
}

// plain turns the superjson custom values the runtime does not know into
// their JSON form: a Decimal is a number, a DbNull/AnyNull sentinel NULL.
func plain(v any) any {
	switch x := v.(type) {
	case superjson.Decimal:
		return json.Number(x)
	case superjson.NullSentinel:
		return nil
	}
	return v
}

func equals(f *resource.Field, v any, path string) (resource.Filter, error) {
	if v == nil {
		return &resource.Cmp{Field: f, Op: resource.OpIsNull, Value: true}, nil
	}
	return compare(f, resource.OpEQ, v, path, false)
}

func compare(f *resource.Field, op resource.Op, v any, path string, fold bool) (resource.Filter, error) {
	if v == nil {
		if op == resource.OpNEQ {
			return &resource.Cmp{Field: f, Op: resource.OpIsNull, Value: false}, nil
		}
		return nil, argError(path, resource.CodeInvalidValue, "cannot compare with null")
	}
	x, err := value(f, v, path)
	if err != nil {
		return nil, err
	}
	_, isStr := x.(string)
	return &resource.Cmp{Field: f, Op: op, Value: x, Fold: fold && isStr && f.Kind() == resource.KindString}, nil
}

func list(f *resource.Field, op string, v any, path string, fold bool) (resource.Filter, error) {
	items, ok := v.([]any)
	if !ok {
		items = []any{v} // Prisma accepts a single value
	}
	vs := make([]any, 0, len(items))
	for i, it := range items {
		if it == nil {
			continue // NULLs never match in/notIn (RPC-WHERE-03)
		}
		x, err := value(f, it, join(path, itoa(i)))
		if err != nil {
			return nil, err
		}
		vs = append(vs, x)
	}
	rop := resource.OpIn
	if op == "notIn" {
		rop = resource.OpNotIn
	}
	return &resource.Cmp{Field: f, Op: rop, Value: vs, Fold: fold && f.Kind() == resource.KindString}, nil
}

// between is ZenStack's inclusive range [a, b] (RPC-WHERE-04).
func between(f *resource.Field, v any, path string) (resource.Filter, error) {
	items, ok := v.([]any)
	if !ok || len(items) != 2 {
		return nil, argError(path, resource.CodeInvalidValue, "expected an array of two values")
	}
	lo, err := compare(f, resource.OpGTE, items[0], join(path, "0"), false)
	if err != nil {
		return nil, err
	}
	hi, err := compare(f, resource.OpLTE, items[1], join(path, "1"), false)
	if err != nil {
		return nil, err
	}
	return resource.And{lo, hi}, nil
}

// edge parses a relation filter: some/every/none on to-many edges
// (RPC-WHERE-10); is/isNot or a direct where on to-one edges (RPC-WHERE-11).
func (p whereParser) edge(e *resource.Edge, v any, path string, depth int) (resource.Filter, error) {
	t := e.Target()
	if v == nil {
		if !e.Unique() {
			return nil, argError(path, resource.CodeInvalidValue, "a to-many relation filter must be an object with some, every or none")
		}
		return &resource.EdgeFilter{Edge: e, Mode: resource.None}, nil
	}
	o, err := asObject(v, path)
	if err != nil {
		return nil, err
	}
	quantifiers := map[string]resource.EdgeMode{"some": resource.Some, "every": resource.Every, "none": resource.None}
	if e.Unique() {
		quantifiers = map[string]resource.EdgeMode{"is": resource.Some, "isNot": resource.None}
		direct := len(o) == 0
		for k := range o {
			if _, ok := quantifiers[k]; !ok {
				direct = true
			}
		}
		if direct {
			w, err := p.parse(t, o, path, depth+1)
			if err != nil {
				return nil, err
			}
			return &resource.EdgeFilter{Edge: e, Mode: resource.Some, Where: w}, nil
		}
	}
	var and resource.And
	for _, k := range sortedKeys(o) {
		kp := join(path, k)
		mode, ok := quantifiers[k]
		if !ok {
			return nil, argError(kp, resource.CodeUnknownOperator, "unknown relation filter (expected %s)", quantifierNames(e))
		}
		val := o[k]
		if val == nil && e.Unique() {
			// is: null → no related row; isNot: null → a related row.
			if mode == resource.Some {
				mode = resource.None
			} else {
				mode = resource.Some
			}
			and = append(and, &resource.EdgeFilter{Edge: e, Mode: mode})
			continue
		}
		w, err := p.parse(t, val, kp, depth+1)
		if err != nil {
			return nil, err
		}
		and = append(and, &resource.EdgeFilter{Edge: e, Mode: mode, Where: w})
	}
	return resource.AndOf(and...), nil
}

func quantifierNames(e *resource.Edge) string {
	if e.Unique() {
		return "is or isNot"
	}
	return "some, every or none"
}
