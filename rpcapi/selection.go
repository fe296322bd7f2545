package rpcapi

import (
	"github.com/entstack/entstack/resource"
)

// shape is what the writer outputs for each row of a model: which scalar
// fields, which loaded relations (each with its own shape) and which
// relation counts (spec §2.3).
type shape struct {
	model  *resource.Model
	id     bool
	fields []bool // by Model.Fields index
	edges  []*edgeShape
	counts []*relCount
}

type edgeShape struct {
	edge  *resource.Edge
	shape *shape
}

// relCount is one member of _count (RPC-SEL-06): the number of readable
// related rows of each parent, filtered by where; filled after the rows
// are loaded.
type relCount struct {
	edge   *resource.Edge
	where  resource.Filter
	counts resource.Counts
}

// allScalars is the default shape: every scalar field, no relation.
func allScalars(m *resource.Model) *shape {
	s := &shape{model: m, id: m.ID() != nil && !m.Composite(), fields: make([]bool, len(m.Fields()))}
	for i, f := range m.Fields() {
		s.fields[i] = !f.Sensitive()
	}
	return s
}

// selection parses select, include and omit of one level (RPC-SEL-01..06)
// into the shape of the level and the includes of its plan.
func (p *parser) selection(rd *read, pl *resource.Plan, o object, path string, depth int) (*shape, error) {
	m := pl.Model
	sel, hasSel := o["select"]
	inc, hasInc := o["include"]
	omit, hasOmit := o["omit"]
	if hasSel && sel != nil && hasInc && inc != nil {
		return nil, argError(path, resource.CodeInvalidParameter, "select and include cannot be used together (RPC-SEL-04)")
	}
	if hasSel && sel != nil && hasOmit && omit != nil {
		return nil, argError(path, resource.CodeInvalidParameter, "select and omit cannot be used together (RPC-SEL-05)")
	}
	s := allScalars(m)
	if hasSel && sel != nil {
		so, err := asObject(sel, join(path, "select"))
		if err != nil {
			return nil, err
		}
		s.id = false
		for i := range s.fields {
			s.fields[i] = false
		}
		if err := p.members(rd, pl, s, so, join(path, "select"), depth, true); err != nil {
			return nil, err
		}
		return s, nil
	}
	if hasOmit && omit != nil {
		oo, err := asObject(omit, join(path, "omit"))
		if err != nil {
			return nil, err
		}
		for _, k := range sortedKeys(oo) {
			kp := join(join(path, "omit"), k)
			b, err := asBool(oo[k], kp)
			if err != nil {
				return nil, err
			}
			f, ok := m.Field(k)
			if !ok {
				return nil, unknownField(m, kp)
			}
			if f == m.ID() {
				s.id = !b
			} else {
				s.fields[f.Index()] = !b && !f.Sensitive()
			}
		}
	}
	if hasInc && inc != nil {
		io, err := asObject(inc, join(path, "include"))
		if err != nil {
			return nil, err
		}
		if err := p.members(rd, pl, s, io, join(path, "include"), depth, false); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// members applies the members of a select (scalars allowed) or include
// object: relations, _count and, for select, scalar fields.
func (p *parser) members(rd *read, pl *resource.Plan, s *shape, o object, path string, depth int, isSelect bool) error {
	m := pl.Model
	for _, k := range sortedKeys(o) {
		kp := join(path, k)
		v := o[k]
		if k == "_count" {
			if err := p.countSelection(s, v, kp); err != nil {
				return err
			}
			continue
		}
		if f, ok := m.Field(k); ok && !f.Sensitive() {
			if !isSelect {
				return argError(kp, resource.CodeInvalidParameter, "include takes relations only; %s is a scalar field", k)
			}
			b, err := asBool(v, kp)
			if err != nil {
				return err
			}
			if f == m.ID() {
				s.id = b
			} else {
				s.fields[f.Index()] = b
			}
			continue
		}
		e, ok := m.Edge(k)
		if !ok {
			return unknownField(m, kp)
		}
		if b, isBool := v.(bool); isBool && !b {
			continue
		}
		if depth+1 > p.h.opts.MaxDepth {
			return argError(kp, resource.CodeLimit, "relations are nested deeper than %d levels", p.h.opts.MaxDepth)
		}
		in := pl.IncludeEdge(e)
		var args object
		if _, isBool := v.(bool); !isBool {
			var err error
			if args, err = asObject(v, kp); err != nil {
				return err
			}
		}
		cs, err := p.relation(rd, in, args, kp, depth+1)
		if err != nil {
			return err
		}
		s.edges = append(s.edges, &edgeShape{edge: e, shape: cs})
	}
	return nil
}

// relation parses the arguments of a loaded relation (RPC-SEL-02/03): a
// to-many relation takes where, orderBy, cursor, distinct, skip and take,
// negative too, each applied to every parent's related rows (RPC-PAGE-04);
// a to-one only a selection.
func (p *parser) relation(rd *read, in *resource.Include, args object, path string, depth int) (*shape, error) {
	pl := in.Plan
	if args == nil {
		return allScalars(pl.Model), nil
	}
	if in.Edge.Unique() {
		if err := checkKeys(args, path, "select", "include", "omit"); err != nil {
			return nil, err
		}
		return p.selection(rd, pl, args, path, depth)
	}
	if err := checkKeys(args, path, "where", "orderBy", "cursor", "distinct", "skip", "take", "select", "include", "omit"); err != nil {
		return nil, err
	}
	var err error
	if pl.Where, err = p.where.parse(pl.Model, args["where"], join(path, "where"), 0); err != nil {
		return nil, err
	}
	if pl.Order, err = p.orderBy(pl.Model, args["orderBy"], join(path, "orderBy")); err != nil {
		return nil, err
	}
	if err := p.page(rd, pl, args, path); err != nil {
		return nil, err
	}
	if v, ok := args["skip"]; ok && v != nil {
		if pl.Offset, err = p.skip(v, join(path, "skip")); err != nil {
			return nil, err
		}
	}
	if v, ok := args["take"]; ok && v != nil {
		t, err := p.take(v, join(path, "take"))
		if err != nil {
			return nil, err
		}
		if t < 0 {
			pl.Backwards, t = true, -t
		}
		pl.Limit = t
	}
	return p.selection(rd, pl, args, path, depth)
}

// countSelection parses _count: true (every to-many relation) or
// {select: {rel: true | {where}}} (RPC-SEL-06).
func (p *parser) countSelection(s *shape, v any, path string) error {
	m := s.model
	if b, ok := v.(bool); ok {
		if b {
			for _, e := range m.Edges() {
				if !e.Unique() {
					s.counts = append(s.counts, &relCount{edge: e})
				}
			}
		}
		return nil
	}
	o, err := asObject(v, path)
	if err != nil {
		return err
	}
	if err := checkKeys(o, path, "select"); err != nil {
		return err
	}
	so, err := asObject(o["select"], join(path, "select"))
	if err != nil {
		return err
	}
	for _, k := range sortedKeys(so) {
		kp := join(join(path, "select"), k)
		e, ok := m.Edge(k)
		if !ok || e.Unique() {
			return argError(kp, resource.CodeUnknownRelation, "_count takes to-many relations of %s", m.Name())
		}
		rc := &relCount{edge: e}
		switch x := so[k].(type) {
		case bool:
			if !x {
				continue
			}
		case map[string]any:
			if err := checkKeys(x, kp, "where"); err != nil {
				return err
			}
			if rc.where, err = p.where.parse(e.Target(), x["where"], join(kp, "where"), 0); err != nil {
				return err
			}
		default:
			return argError(kp, resource.CodeInvalidValue, "expected true or {where}")
		}
		s.counts = append(s.counts, rc)
	}
	return nil
}
