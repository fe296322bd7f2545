package rpcapi

import (
	"slices"

	"github.com/entstack/entstack/resource"
)

// parser turns the arguments of a call into a resource.Plan and the shape
// of the output. It never touches the database.
type parser struct {
	h      *Handler
	where  whereParser
	order  keyOrder         // member order of the call's orderBy objects
	budget *resource.Budget // the request's share of the registry's Limits
}

// parser returns the parser of the arguments of c; every filter and sort
// it parses is charged to the request's budget.
func (h *Handler) parser(c *call) *parser {
	if c.budget == nil {
		c.budget = h.reg.Budget()
	}
	return &parser{h: h, order: c.order, budget: c.budget, where: whereParser{maxDepth: h.opts.MaxWhereDepth, budget: c.budget}}
}

// read is a parsed top-level read (findMany, findFirst, findUnique).
type read struct {
	plan    *resource.Plan
	shape   *shape
	take    int  // signed; meaningful when hasTake
	hasTake bool // take was given
	// distincts are the distinct fields of the plan and its includes,
	// checked against the viewer's field-level read rules before running.
	distincts []distinctAt
}

// distinctAt is one distinct of a read: its fields and their paths.
type distinctAt struct {
	fields []*resource.Field
	paths  []string
}

// readArgs names the arguments each read operation accepts.
var readArgs = map[string][]string{
	"findMany":   {"where", "orderBy", "cursor", "take", "skip", "distinct", "select", "include", "omit", "relationLoadStrategy"},
	"findFirst":  {"where", "orderBy", "cursor", "take", "skip", "distinct", "select", "include", "omit", "relationLoadStrategy"},
	"findUnique": {"where", "select", "include", "omit", "relationLoadStrategy"},
	"count":      {"where", "orderBy", "cursor", "take", "skip", "select"},
	"exists":     {"where"},
	"aggregate":  {"where", "orderBy", "cursor", "take", "skip", "_count", "_sum", "_avg", "_min", "_max"},
}

// read parses the arguments of a top-level read operation.
func (p *parser) read(m *resource.Model, op string, a object) (*read, error) {
	if err := checkKeys(a, "", readArgs[op]...); err != nil {
		return nil, err
	}
	rd := &read{plan: resource.NewPlan(m)}
	pl := rd.plan
	var err error
	if op == "findUnique" {
		if err = p.requireUnique(m, a["where"], "where"); err != nil {
			return nil, err
		}
	}
	if pl.Where, err = p.where.parse(m, a["where"], "where", 0); err != nil {
		return nil, err
	}
	if pl.Order, err = p.orderBy(m, a["orderBy"], "orderBy"); err != nil {
		return nil, err
	}
	if v, ok := a["skip"]; ok && v != nil {
		if pl.Offset, err = p.skip(v, "skip"); err != nil {
			return nil, err
		}
	}
	if v, ok := a["take"]; ok && v != nil {
		if rd.take, err = p.take(v, "take"); err != nil {
			return nil, err
		}
		rd.hasTake = true
	}
	if err := p.page(rd, pl, a, ""); err != nil {
		return nil, err
	}
	if op != "count" && op != "exists" && op != "aggregate" {
		if rd.shape, err = p.selection(rd, pl, a, "", 0); err != nil {
			return nil, err
		}
	}
	return rd, nil
}

// page parses the cursor (RPC-PAGE-02: a unique where) and distinct
// (RPC-DIST-01) of a read or of a to-many relation it loads, at path.
func (p *parser) page(rd *read, pl *resource.Plan, a object, path string) error {
	m := pl.Model
	var err error
	if v, ok := a["cursor"]; ok && v != nil {
		cp := join(path, "cursor")
		if err = p.requireUnique(m, v, cp); err != nil {
			return err
		}
		if pl.Cursor, err = p.where.parse(m, v, cp, 0); err != nil {
			return err
		}
	}
	if v, ok := a["distinct"]; ok && v != nil {
		d := distinctAt{}
		if d.fields, d.paths, err = distinctFields(m, v, join(path, "distinct")); err != nil {
			return err
		}
		pl.Distinct = d.fields
		if d.fields != nil {
			rd.distincts = append(rd.distincts, d)
		}
	}
	return nil
}

func (p *parser) skip(v any, path string) (int, error) {
	n, err := asInt(v, path)
	if err == nil && n < 0 {
		err = argError(path, resource.CodeInvalidValue, "skip must not be negative")
	}
	return n, err
}

// take parses take, signed (RPC-PAGE-03), capped by Options.MaxTake.
func (p *parser) take(v any, path string) (int, error) {
	n, err := asInt(v, path)
	if err != nil {
		return 0, err
	}
	if n > p.h.opts.MaxTake || -n > p.h.opts.MaxTake {
		return 0, argError(path, resource.CodeLimit, "take is limited to %d rows", p.h.opts.MaxTake)
	}
	return n, nil
}

// requireUnique checks that a unique where names at least one unique field
// with a plain value outside AND/OR/NOT (RPC-WHERE-14).
func (p *parser) requireUnique(m *resource.Model, v any, path string) error {
	o, err := asObject(v, path)
	if err != nil {
		return err
	}
	for k, x := range o {
		if m.Compound(k) != nil {
			return nil
		}
		f, ok := m.Field(k)
		if !ok || !f.Unique() {
			continue
		}
		if eq, isObj := x.(map[string]any); isObj {
			if _, has := eq["equals"]; !has || len(eq) != 1 {
				continue
			}
		}
		return nil
	}
	var names []string
	if m.Composite() {
		names = append(names, resource.CompoundName(m.ID().Parts()))
	} else {
		names = append(names, m.ID().Name())
	}
	for _, f := range m.Fields() {
		if f.Unique() {
			names = append(names, f.Name())
		}
	}
	return argError(path, resource.CodeMissingValue, "a unique %s needs at least one of %v", path, names)
}

// distinctFields parses distinct at path: a field name or an array of
// names, and returns the fields with the path of each. A name given twice
// counts once; an empty array is no distinct at all.
func distinctFields(m *resource.Model, v any, path string) ([]*resource.Field, []string, error) {
	items, isArr := v.([]any)
	if !isArr {
		items = []any{v}
	}
	var out []*resource.Field
	var paths []string
	for i, it := range items {
		ip := path
		if isArr {
			ip = join(ip, itoa(i))
		}
		s, err := asString(it, ip)
		if err != nil {
			return nil, nil, err
		}
		f, ok := m.Field(s)
		if !ok || f.Sensitive() {
			return nil, nil, unknownField(m, ip)
		}
		if !sortable(f) {
			return nil, nil, argError(ip, resource.CodeInvalidParameter, "%s (%s) cannot be compared", f.Name(), f.Kind())
		}
		if !slices.Contains(out, f) {
			out, paths = append(out, f), append(paths, ip)
		}
	}
	return out, paths, nil
}
