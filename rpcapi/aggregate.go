package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// aggSpec is one of _count, _sum, _avg, _min, _max of aggregate or
// groupBy: the aggregates it asks for, in output order.
type aggSpec struct {
	key    string // "_sum"
	fn     resource.AggFunc
	fields []*resource.Field // nil entry: _all (COUNT(*))
	paths  []string          // the argument path of each field
	scalar bool              // _count: true → a number, not an object
}

var aggFuncs = []struct {
	key string
	fn  resource.AggFunc
}{{"_count", resource.AggCount}, {"_sum", resource.AggSum}, {"_avg", resource.AggAvg}, {"_min", resource.AggMin}, {"_max", resource.AggMax}}

// parseAggs parses the aggregate selections of a (RPC-OP-16, RPC-OP-17).
func parseAggs(m *resource.Model, a object) ([]aggSpec, error) {
	var out []aggSpec
	for _, af := range aggFuncs {
		v, ok := a[af.key]
		if !ok || v == nil {
			continue
		}
		sp := aggSpec{key: af.key, fn: af.fn}
		if b, isBool := v.(bool); isBool && af.fn == resource.AggCount {
			if b {
				sp.scalar, sp.fields, sp.paths = true, []*resource.Field{nil}, []string{af.key}
				out = append(out, sp)
			}
			continue
		}
		o, err := asObject(v, af.key)
		if err != nil {
			return nil, err
		}
		for _, k := range sortedKeys(o) {
			kp := join(af.key, k)
			b, err := asBool(o[k], kp)
			if err != nil {
				return nil, err
			}
			if !b {
				continue
			}
			if k == "_all" && af.fn == resource.AggCount {
				sp.fields, sp.paths = append(sp.fields, nil), append(sp.paths, kp)
				continue
			}
			f, err := aggField(m, af.fn, k, kp)
			if err != nil {
				return nil, err
			}
			sp.fields, sp.paths = append(sp.fields, f), append(sp.paths, kp)
		}
		out = append(out, sp)
	}
	return out, nil
}

// aggField checks that the function applies to the field: sums and
// averages of numbers, min and max of ordered values, counts of anything.
func aggField(m *resource.Model, fn resource.AggFunc, k, path string) (*resource.Field, error) {
	f, ok := m.Field(k)
	if !ok || f.Sensitive() {
		return nil, unknownField(m, path)
	}
	switch fn {
	case resource.AggSum, resource.AggAvg:
		if !f.Kind().Numeric() {
			return nil, argError(path, resource.CodeInvalidParameter, "%s is not a number", k)
		}
	case resource.AggMin, resource.AggMax:
		// Not booleans nor UUIDs: PostgreSQL has no MIN/MAX for them.
		if !f.Kind().Ordered() || f.Kind() == resource.KindUUID {
			return nil, argError(path, resource.CodeInvalidParameter, "%s has no minimum or maximum", k)
		}
	}
	return f, nil
}

// flatten lists the aggregates of the specs in output order.
func flatten(specs []aggSpec) []resource.Agg {
	var out []resource.Agg
	for _, sp := range specs {
		for _, f := range sp.fields {
			out = append(out, resource.Agg{Func: sp.fn, Field: f})
		}
	}
	return out
}

// writeAggs appends the members "_count": …, "_sum": {…} of the values
// (in flatten's order, starting at vals[0]); n counts members already in
// the enclosing object.
func (w *writer) writeAggs(specs []aggSpec, vals []any, n int) {
	i := 0
	for _, sp := range specs {
		if n > 0 {
			w.buf = append(w.buf, ',')
		}
		n++
		w.buf = resource.AppendString(w.buf, sp.key)
		w.buf = append(w.buf, ':')
		if sp.scalar {
			w.value(vals[i])
			i++
			continue
		}
		w.rec.Push(sp.key)
		w.buf = append(w.buf, '{')
		for j, f := range sp.fields {
			if j > 0 {
				w.buf = append(w.buf, ',')
			}
			name := "_all"
			if f != nil {
				name = f.Name()
			}
			w.buf = resource.AppendString(w.buf, name)
			w.buf = append(w.buf, ':')
			w.rec.Push(name)
			w.value(vals[i])
			w.rec.Pop()
			i++
		}
		w.buf = append(w.buf, '}')
		w.rec.Pop()
	}
}

// aggregate serves <model>/aggregate (RPC-OP-16).
func (h *Handler) aggregate(c *call) error {
	rd, err := h.parser(c).read(c.model, c.op, c.args)
	if err != nil {
		return err
	}
	specs, err := parseAggs(c.model, c.args)
	if err != nil {
		return err
	}
	if err := visibleAggs(c.r.Context(), specs); err != nil {
		return err
	}
	vals, err := h.aggregateRows(c, rd, flatten(specs))
	if err != nil {
		return err
	}
	c.out.buf = append(c.out.buf, '{')
	c.out.writeAggs(specs, vals, 0)
	c.out.buf = append(c.out.buf, '}')
	return nil
}

// aggregateRows computes aggregates over the page of rows rd selects.
func (h *Handler) aggregateRows(c *call, rd *read, aggs []resource.Agg) ([]any, error) {
	ctx := c.r.Context()
	if err := h.prepare(ctx, rd, 0, false); err != nil {
		return nil, err
	}
	if len(aggs) == 0 {
		return nil, nil
	}
	return resource.Aggregate(ctx, rd.plan, aggs)
}

// count serves <model>/count (RPC-OP-15): a number, or with select
// ({_all: true, field: true}) an object of counts of non-null values.
func (h *Handler) count(c *call) error {
	sel, hasSel := c.args["select"]
	delete(c.args, "select")
	rd, err := h.parser(c).read(c.model, c.op, c.args)
	if err != nil {
		return err
	}
	spec := aggSpec{key: "_count", fn: resource.AggCount, scalar: true, fields: []*resource.Field{nil}}
	if hasSel && sel != nil {
		specs, err := parseAggs(c.model, object{"_count": sel})
		if err != nil {
			return atPath(err, "select")
		}
		if len(specs) == 1 {
			spec = specs[0]
			spec.scalar = false
		}
		if err := visibleAggs(c.r.Context(), specs); err != nil {
			return atPath(err, "select")
		}
	}
	vals, err := h.aggregateRows(c, rd, flatten([]aggSpec{spec}))
	if err != nil {
		return err
	}
	if spec.scalar {
		c.out.value(vals[0])
		return nil
	}
	// The object of counts is the data itself, without the _count key.
	c.out.buf = append(c.out.buf, '{')
	for j, f := range spec.fields {
		if j > 0 {
			c.out.buf = append(c.out.buf, ',')
		}
		name := "_all"
		if f != nil {
			name = f.Name()
		}
		c.out.buf = resource.AppendString(c.out.buf, name)
		c.out.buf = append(c.out.buf, ':')
		c.out.value(vals[j])
	}
	c.out.buf = append(c.out.buf, '}')
	return nil
}

// notGuarded rejects a field a field-level read rule guards in a groupBy's
// having, whatever the viewer: the rule is decided row by row, and a
// condition on a group's aggregate would leak the values of rows the viewer
// may not see. (Aggregates, groupBy keys and distinct are checked per
// viewer instead: visible.)
func notGuarded(f *resource.Field, path string) error {
	if f.ReadRule() {
		return argError(path, resource.CodeInvalidParameter, "%s is guarded by a field-level read rule: it cannot be aggregated, grouped or made distinct", f.Name())
	}
	return nil
}

// visible checks, for the viewer of ctx, that no field whose values would
// be revealed per group (aggregated, grouped by, made distinct) is hidden
// from them by a field-level read rule: the rule is decided per row, and a
// minimum or a group over rows whose value the viewer may not see would
// leak it. Viewers the rule lets see every row (admins) pass.
func visible(ctx context.Context, fields []*resource.Field, paths []string) error {
	for i, f := range fields {
		if f == nil || f.Index() < 0 {
			continue
		}
		if f.Model().Ops().FieldScope(ctx, f.Index()) != nil {
			e := resource.Errorf(resource.Forbidden, resource.CodeForbidden, "%s is hidden from you on some rows by a field-level read rule: it cannot be aggregated, grouped or made distinct", f.Name()).AtPath(paths[i])
			e.Reason, e.Model = resource.ReasonNoAccess, f.Model().Name()
			return e
		}
	}
	return nil
}

// visibleAggs is visible for the fields of aggregate specs.
func visibleAggs(ctx context.Context, specs []aggSpec) error {
	for _, sp := range specs {
		if err := visible(ctx, sp.fields, sp.paths); err != nil {
			return err
		}
	}
	return nil
}
