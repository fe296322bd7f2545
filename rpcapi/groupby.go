package rpcapi

import (
	"strings"

	"github.com/entstack/entstack/resource"
)

// groupBy serves <model>/groupBy (RPC-OP-17): by, where, having, orderBy
// (by fields or aggregates, RPC-ORD-07), skip, take and aggregates.
func (h *Handler) groupBy(c *call) error {
	m, a := c.model, c.args
	if err := checkKeys(a, "", "by", "where", "having", "orderBy", "take", "skip", "_count", "_sum", "_avg", "_min", "_max"); err != nil {
		return err
	}
	p := h.parser(c)
	g := &resource.GroupPlan{Plan: resource.NewPlan(m), Limit: -1}
	var err error
	if g.By, err = byFields(m, a["by"]); err != nil {
		return err
	}
	if g.Plan.Where, err = p.where.parse(m, a["where"], "where", 0); err != nil {
		return err
	}
	specs, err := parseAggs(m, a)
	if err != nil {
		return err
	}
	g.Aggs = flatten(specs)
	if g.Having, err = p.having(m, a["having"], "having", 0); err != nil {
		return err
	}
	if g.Order, err = p.groupOrders(m, g.By, a["orderBy"]); err != nil {
		return err
	}
	if v, ok := a["skip"]; ok && v != nil {
		if g.Offset, err = p.skip(v, "skip"); err != nil {
			return err
		}
	}
	g.Limit = h.opts.MaxTake
	if v, ok := a["take"]; ok && v != nil {
		t, err := p.take(v, "take")
		if err != nil {
			return err
		}
		if t < 0 {
			return argError("take", resource.CodeInvalidValue, "groupBy takes a non-negative take")
		}
		g.Limit = t
	}
	byPaths := make([]string, len(g.By))
	for i := range g.By {
		byPaths[i] = join("by", itoa(i))
	}
	if err := visible(c.r.Context(), g.By, byPaths); err != nil {
		return err
	}
	if err := visibleAggs(c.r.Context(), specs); err != nil {
		return err
	}
	groups, err := resource.GroupBy(c.r.Context(), g)
	if err != nil {
		return err
	}
	w := c.out
	w.buf = append(w.buf, '[')
	for i, vals := range groups {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.rec.PushIndex(i)
		w.buf = append(w.buf, '{')
		for j, f := range g.By {
			if j > 0 {
				w.buf = append(w.buf, ',')
			}
			w.buf = append(w.buf, f.Key()...)
			w.rec.Push(f.Name())
			w.value(vals[j])
			w.rec.Pop()
		}
		w.writeAggs(specs, vals[len(g.By):], len(g.By))
		w.buf = append(w.buf, '}')
		w.rec.Pop()
	}
	w.buf = append(w.buf, ']')
	return nil
}

func byFields(m *resource.Model, v any) ([]*resource.Field, error) {
	if v == nil {
		return nil, argError("by", resource.CodeMissingValue, "groupBy needs by: a field or an array of fields")
	}
	fs, _, err := distinctFields(m, v, "by")
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return nil, argError("by", resource.CodeMissingValue, "by must name at least one field")
	}
	return fs, nil
}

// having parses having: a where over the by fields whose field conditions
// may also compare aggregates ({viewCount: {_avg: {gt: 10}}}).
func (p *parser) having(m *resource.Model, v any, path string, depth int) (resource.Filter, error) {
	if v == nil {
		return nil, nil
	}
	if depth > p.where.maxDepth {
		return nil, argError(path, resource.CodeLimit, "having is nested deeper than %d levels", p.where.maxDepth)
	}
	o, err := asObject(v, path)
	if err != nil {
		return nil, err
	}
	var and resource.And
	for _, k := range sortedKeys(o) {
		kp := join(path, k)
		val := o[k]
		switch k {
		case "AND", "OR", "NOT":
			items, isArr := val.([]any)
			if !isArr {
				items = []any{val}
			}
			var fs []resource.Filter
			for i, it := range items {
				ip := kp
				if isArr {
					ip = join(kp, itoa(i))
				}
				f, err := p.having(m, it, ip, depth+1)
				if err != nil {
					return nil, err
				}
				if f == nil {
					f = resource.Const(true)
				}
				if k == "NOT" {
					f = resource.Not{F: f}
				}
				fs = append(fs, f)
			}
			if k == "OR" {
				and = append(and, resource.Or(fs))
			} else if len(fs) > 0 {
				and = append(and, resource.And(fs))
			}
			continue
		}
		f, ok := m.Field(k)
		if !ok || f.Sensitive() {
			return nil, unknownField(m, kp)
		}
		if err := notGuarded(f, kp); err != nil {
			return nil, err
		}
		fo, isObj := val.(map[string]any)
		var plain object
		if isObj {
			plain = object{}
			for ak, av := range fo {
				if !strings.HasPrefix(ak, "_") {
					plain[ak] = av
					continue
				}
				fn, ok := aggFuncOf(ak)
				if !ok {
					return nil, argError(join(kp, ak), resource.CodeUnknownOperator, "unknown aggregate")
				}
				if _, err := aggField(m, fn, k, join(kp, ak)); err != nil {
					return nil, err
				}
				c, err := aggConditions(resource.Agg{Func: fn, Field: f}, av, join(kp, ak))
				if err != nil {
					return nil, err
				}
				and = append(and, c)
			}
			if len(plain) == 0 {
				continue
			}
			val = plain
		}
		c, err := p.where.field(f, val, kp)
		if err != nil {
			return nil, err
		}
		if c != nil {
			and = append(and, c)
		}
	}
	f := resource.AndOf(and...)
	if depth == 0 {
		if err := p.budget.Filter(f); err != nil {
			return nil, atPath(err, path)
		}
	}
	return f, nil
}

func aggFuncOf(k string) (resource.AggFunc, bool) {
	for _, af := range aggFuncs {
		if af.key == k {
			return af.fn, true
		}
	}
	return 0, false
}

// aggConditions parses {gt: 1, lte: 5, …} on an aggregate, or a value
// (equals).
func aggConditions(a resource.Agg, v any, path string) (resource.Filter, error) {
	vf := resource.NewField(resource.FieldSpec{Name: path, Kind: a.Kind(), Nillable: true})
	coerce := func(x any, p string) (any, error) {
		y, err := resource.Coerce(vf, x)
		return y, atPath(err, p)
	}
	o, isObj := v.(map[string]any)
	if !isObj {
		x, err := coerce(v, path)
		if err != nil {
			return nil, err
		}
		return &resource.AggCmp{Agg: a, Op: resource.OpEQ, Value: x}, nil
	}
	ops := map[string]resource.Op{"equals": resource.OpEQ, "not": resource.OpNEQ, "lt": resource.OpLT, "lte": resource.OpLTE, "gt": resource.OpGT, "gte": resource.OpGTE, "in": resource.OpIn, "notIn": resource.OpNotIn}
	var and resource.And
	for _, k := range sortedKeys(o) {
		kp := join(path, k)
		op, ok := ops[k]
		if !ok {
			return nil, argError(kp, resource.CodeUnknownOperator, "unknown operator for an aggregate")
		}
		if op == resource.OpIn || op == resource.OpNotIn {
			items, _ := o[k].([]any)
			vs := make([]any, 0, len(items))
			for i, it := range items {
				x, err := coerce(it, join(kp, itoa(i)))
				if err != nil {
					return nil, err
				}
				vs = append(vs, x)
			}
			and = append(and, &resource.AggCmp{Agg: a, Op: op, Value: vs})
			continue
		}
		x, err := coerce(o[k], kp)
		if err != nil {
			return nil, err
		}
		and = append(and, &resource.AggCmp{Agg: a, Op: op, Value: x})
	}
	return resource.AndOf(and...), nil
}

// groupOrders parses the orderBy of groupBy: by fields, or aggregates
// ({_count: {id: "desc"}}, RPC-ORD-07).
func (p *parser) groupOrders(m *resource.Model, by []*resource.Field, v any) ([]resource.GroupOrder, error) {
	if v == nil {
		return nil, nil
	}
	items, isArr := v.([]any)
	if !isArr {
		items = []any{v}
	}
	var out []resource.GroupOrder
	for i, it := range items {
		ip := "orderBy"
		if isArr {
			ip = join(ip, itoa(i))
		}
		o, err := asObject(it, ip)
		if err != nil {
			return nil, err
		}
		for _, k := range p.order.keys(o) {
			kp := join(ip, k)
			if fn, ok := aggFuncOf(k); ok {
				ao, err := asObject(o[k], kp)
				if err != nil {
					return nil, err
				}
				for _, fk := range p.order.keys(ao) {
					fp := join(kp, fk)
					var f *resource.Field
					if !(fk == "_all" && fn == resource.AggCount) {
						if f, err = aggField(m, fn, fk, fp); err != nil {
							return nil, err
						}
					}
					desc, nulls, err := direction(ao[fk], fp)
					if err != nil {
						return nil, err
					}
					out = append(out, resource.GroupOrder{Agg: &resource.Agg{Func: fn, Field: f}, Desc: desc, Nulls: nulls})
				}
				continue
			}
			f, ok := m.Field(k)
			if !ok || f.Sensitive() {
				return nil, unknownField(m, kp)
			}
			inBy := false
			for _, b := range by {
				inBy = inBy || b == f
			}
			if !inBy {
				return nil, argError(kp, resource.CodeInvalidParameter, "groups can be sorted by fields of by and by aggregates only")
			}
			desc, nulls, err := direction(o[k], kp)
			if err != nil {
				return nil, err
			}
			out = append(out, resource.GroupOrder{Field: f, Desc: desc, Nulls: nulls})
		}
	}
	if err := p.budget.Terms(len(out)); err != nil {
		return nil, atPath(err, "orderBy")
	}
	return out, nil
}
