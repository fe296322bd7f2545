package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// createOps and updateOps are the nested writes a relation takes in
// create and in update data (RPC-NW-01..11), in the order they run.
func createOps(e *resource.Edge) []string {
	if e.Unique() {
		return []string{"create", "connectOrCreate", "connect"}
	}
	return []string{"create", "createMany", "connectOrCreate", "connect"}
}

func updateOps(e *resource.Edge) []string {
	if e.Unique() {
		return []string{"create", "connectOrCreate", "connect", "disconnect", "update", "upsert", "delete"}
	}
	return []string{"create", "createMany", "connectOrCreate", "connect", "set", "disconnect", "delete", "deleteMany", "update", "updateMany", "upsert"}
}

// edgeOps applies the nested writes of one relation of w: link changes by
// id go into w; writes that need the id of w's row come back as afters.
func (mu *mutator) edgeOps(ctx context.Context, w *resource.Write, e *resource.Edge, ops object, path string, creating bool) ([]after, error) {
	names := updateOps(e)
	if creating {
		names = createOps(e)
	}
	var later []after
	for _, op := range names {
		v, ok := ops[op]
		if !ok {
			continue
		}
		op_ := join(path, op)
		var l []after
		var err error
		if e.Unique() {
			l, err = mu.toOne(ctx, w, e, op, v, op_)
		} else {
			l, err = mu.toMany(ctx, w, e, op, v, op_)
		}
		if err != nil {
			return nil, err
		}
		later = append(later, l...)
	}
	return later, nil
}

// toOne runs one nested write on a to-one relation.
func (mu *mutator) toOne(ctx context.Context, w *resource.Write, e *resource.Edge, op string, v any, path string) ([]after, error) {
	t := e.Target()
	switch op {
	case "connect":
		id, err := mu.resolve(ctx, t, v, nil, path)
		if err != nil {
			return nil, err
		}
		if connected, err := mu.keepsHeld(ctx, w, e, id, path); err != nil || connected {
			return nil, err
		}
		w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeSet, IDs: []any{id}, Checked: true})
		return nil, nil
	case "create":
		if _, err := mu.keepsHeld(ctx, w, e, nil, path); err != nil {
			return nil, err
		}
		return mu.createOne(ctx, w, e, v, path)
	case "connectOrCreate":
		o, err := asObject(v, path)
		if err != nil {
			return nil, err
		}
		if err := checkKeys(o, path, "where", "create"); err != nil {
			return nil, err
		}
		id, err := mu.find(ctx, t, o["where"], nil, join(path, "where"))
		if err != nil {
			return nil, err
		}
		if connected, err := mu.keepsHeld(ctx, w, e, id, path); err != nil || connected {
			return nil, err
		}
		if id != nil {
			w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeSet, IDs: []any{id}, Checked: true})
			return nil, nil
		}
		return mu.createOne(ctx, w, e, o["create"], join(path, "create"))
	case "disconnect":
		if b, isBool := v.(bool); isBool && !b {
			return nil, nil
		}
		if e.Required() {
			return nil, argError(path, resource.CodeInvalidParameter, "the relation %s is required: it cannot be disconnected", e.Name())
		}
		var where any
		if _, isBool := v.(bool); !isBool {
			where = v // disconnect only when the related row matches
		}
		if where != nil || e.Holds() {
			id, err := mu.related(ctx, e, w.ID, where, path, false)
			if err != nil || id == nil {
				return nil, err // nothing (matching) to disconnect
			}
			if e.Holds() {
				return nil, orphans(e, path)
			}
		}
		w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeSet})
		return nil, nil
	case "update":
		o, err := asObject(v, path)
		if err != nil {
			return nil, err
		}
		var where any
		data := any(o)
		if d, ok := o["data"]; ok {
			where, data = o["where"], d
			path = join(path, "data")
		}
		id, err := mu.related(ctx, e, w.ID, where, path, true)
		if err != nil {
			return nil, err
		}
		return nil, mu.update(ctx, t, id, data, path)
	case "upsert":
		o, err := asObject(v, path)
		if err != nil {
			return nil, err
		}
		if err := checkKeys(o, path, "where", "create", "update"); err != nil {
			return nil, err
		}
		id, err := mu.related(ctx, e, w.ID, o["where"], path, false)
		if err != nil {
			return nil, err
		}
		if id != nil {
			return nil, mu.update(ctx, t, id, o["update"], join(path, "update"))
		}
		if _, err := mu.keepsHeld(ctx, w, e, nil, path); err != nil {
			return nil, err
		}
		return mu.createOne(ctx, w, e, o["create"], join(path, "create"))
	case "delete":
		if b, isBool := v.(bool); isBool && !b {
			return nil, nil
		}
		var where any
		if _, isBool := v.(bool); !isBool {
			where = v
		}
		id, err := mu.related(ctx, e, w.ID, where, path, true)
		if err != nil {
			return nil, err
		}
		_, err = mu.reg.DeleteTx(ctx, t, id)
		return nil, err
	}
	return nil, argError(path, resource.CodeUnknownOperator, "unknown nested write")
}

// createOne creates the row of a to-one relation: before w's row when the
// foreign key is on w's side (w then points at it), after it otherwise
// (the new row then points back at w's row).
func (mu *mutator) createOne(ctx context.Context, w *resource.Write, e *resource.Edge, data any, path string) ([]after, error) {
	t := e.Target()
	if fkHere(e) {
		id, err := mu.create(ctx, t, data, path, nil)
		if err != nil {
			return nil, err
		}
		w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeSet, IDs: []any{id}})
		return nil, nil
	}
	inv, err := inverse(e, path)
	if err != nil {
		return nil, err
	}
	return []after{func(ctx context.Context, pid any) error {
		_, err := mu.create(ctx, t, data, path, &resource.EdgeWrite{Edge: inv, Op: resource.EdgeSet, IDs: []any{pid}})
		return err
	}}, nil
}

// toMany runs one nested write on a to-many relation.
func (mu *mutator) toMany(ctx context.Context, w *resource.Write, e *resource.Edge, op string, v any, path string) ([]after, error) {
	t := e.Target()
	items, paths := each(v, path)
	switch op {
	case "create":
		return mu.createMany(e, items, paths)
	case "createMany":
		o, err := asObject(v, path)
		if err != nil {
			return nil, err
		}
		if err := checkKeys(o, path, "data", "skipDuplicates"); err != nil {
			return nil, err
		}
		items, paths := each(o["data"], join(path, "data"))
		return mu.createMany(e, items, paths)
	case "connect", "set", "disconnect":
		ids := make([]any, 0, len(items))
		for i, it := range items {
			var id any
			var err error
			if op == "disconnect" {
				// Disconnecting a row that is not connected is a no-op (RPC-NW-05).
				id, err = mu.find(ctx, t, it, nil, paths[i])
				if id == nil && err == nil {
					continue
				}
			} else {
				id, err = mu.resolve(ctx, t, it, nil, paths[i])
			}
			if err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		ew := resource.EdgeWrite{Edge: e, Op: map[string]resource.EdgeOp{"connect": resource.EdgeAdd, "set": resource.EdgeSet, "disconnect": resource.EdgeRemove}[op], IDs: ids, Checked: true}
		if e.Holds() && op != "connect" {
			var err error
			if ew, err = mu.unlinks(ctx, w, e, ew.Op, ids, path); err != nil {
				return nil, err
			}
		}
		w.Edges = append(w.Edges, ew)
		return nil, nil
	case "connectOrCreate":
		var create []any
		var cpaths []string
		var ids []any
		for i, it := range items {
			o, err := asObject(it, paths[i])
			if err != nil {
				return nil, err
			}
			if err := checkKeys(o, paths[i], "where", "create"); err != nil {
				return nil, err
			}
			id, err := mu.find(ctx, t, o["where"], nil, join(paths[i], "where"))
			if err != nil {
				return nil, err
			}
			if id != nil {
				ids = append(ids, id)
				continue
			}
			create, cpaths = append(create, o["create"]), append(cpaths, join(paths[i], "create"))
		}
		if len(ids) > 0 {
			w.Edges = append(w.Edges, resource.EdgeWrite{Edge: e, Op: resource.EdgeAdd, IDs: ids, Checked: true})
		}
		return mu.createMany(e, create, cpaths)
	case "update", "updateMany", "upsert":
		for i, it := range items {
			o, err := asObject(it, paths[i])
			if err != nil {
				return nil, err
			}
			switch op {
			case "update":
				if err := checkKeys(o, paths[i], "where", "data"); err != nil {
					return nil, err
				}
				id, err := mu.related(ctx, e, w.ID, o["where"], join(paths[i], "where"), true)
				if err != nil {
					return nil, err
				}
				if err := mu.update(ctx, t, id, o["data"], join(paths[i], "data")); err != nil {
					return nil, err
				}
			case "updateMany":
				if err := checkKeys(o, paths[i], "where", "data"); err != nil {
					return nil, err
				}
				ids, err := mu.relatedAll(ctx, e, w.ID, o["where"], join(paths[i], "where"))
				if err != nil {
					return nil, err
				}
				for _, id := range ids {
					if err := mu.update(ctx, t, id, o["data"], join(paths[i], "data")); err != nil {
						return nil, err
					}
				}
			default:
				if err := checkKeys(o, paths[i], "where", "create", "update"); err != nil {
					return nil, err
				}
				id, err := mu.related(ctx, e, w.ID, o["where"], join(paths[i], "where"), false)
				if err != nil {
					return nil, err
				}
				if id != nil {
					if err := mu.update(ctx, t, id, o["update"], join(paths[i], "update")); err != nil {
						return nil, err
					}
					continue
				}
				l, err := mu.createMany(e, []any{o["create"]}, []string{join(paths[i], "create")})
				if err != nil {
					return nil, err
				}
				if err := l[0](ctx, w.ID); err != nil {
					return nil, err
				}
			}
		}
		return nil, nil
	case "delete", "deleteMany":
		if op == "deleteMany" && isEmptyObject(v) {
			items, paths = []any{nil}, []string{path}
		}
		for i, it := range items {
			var ids []any
			if op == "delete" {
				id, err := mu.related(ctx, e, w.ID, it, paths[i], true)
				if err != nil {
					return nil, err
				}
				ids = []any{id}
			} else {
				var err error
				if ids, err = mu.relatedAll(ctx, e, w.ID, it, paths[i]); err != nil {
					return nil, err
				}
			}
			for _, id := range ids {
				if _, err := mu.reg.DeleteTx(ctx, t, id); err != nil {
					return nil, err
				}
			}
		}
		return nil, nil
	}
	return nil, argError(path, resource.CodeUnknownOperator, "unknown nested write")
}

// createMany returns the afters that create rows of a to-many relation
// linked back to the parent.
func (mu *mutator) createMany(e *resource.Edge, items []any, paths []string) ([]after, error) {
	if len(items) == 0 {
		return nil, nil
	}
	inv, err := inverse(e, paths[0])
	if err != nil {
		return nil, err
	}
	op := resource.EdgeAdd
	if inv.Unique() {
		op = resource.EdgeSet
	}
	return []after{func(ctx context.Context, pid any) error {
		for i, it := range items {
			if _, err := mu.create(ctx, e.Target(), it, paths[i], &resource.EdgeWrite{Edge: inv, Op: op, IDs: []any{pid}}); err != nil {
				return err
			}
		}
		return nil
	}}, nil
}

// resolve finds the id of the row of m a unique where names (RPC-WHERE-14)
// among the rows the viewer may read, ANDed with scope; none is NotFound
// (P2025).
func (mu *mutator) resolve(ctx context.Context, m *resource.Model, where any, scope resource.Filter, path string) (any, error) {
	id, err := mu.find(ctx, m, where, scope, path)
	if err == nil && id == nil {
		err = resource.Errorf(resource.NotFound, resource.CodeNotFound, "no %s found for the unique where", m.Name()).AtPath(path)
	}
	return id, err
}

// find is resolve that answers nil when no row matches.
func (mu *mutator) find(ctx context.Context, m *resource.Model, where any, scope resource.Filter, path string) (any, error) {
	if err := mu.p.requireUnique(m, where, path); err != nil {
		return nil, err
	}
	f, err := mu.p.where.parse(m, where, path, 0)
	if err != nil {
		return nil, err
	}
	res, err := resource.Find(ctx, &resource.Plan{Model: m, Where: resource.AndOf(f, scope), Limit: 1})
	if err != nil || len(res.Rows) == 0 {
		return nil, err
	}
	return res.Rows[0].ID(), nil
}

// findWritable returns the id of the row of m a unique where names among
// those the viewer may read or update (resource.FindWritable), nil when
// there is none.
func (mu *mutator) findWritable(ctx context.Context, m *resource.Model, where any, path string) (any, error) {
	if err := mu.p.requireUnique(m, where, path); err != nil {
		return nil, err
	}
	f, err := mu.p.where.parse(m, where, path, 0)
	if err != nil {
		return nil, err
	}
	id, err := resource.FindWritable(ctx, m, f, "update")
	if e, ok := err.(*resource.Error); ok && e.Kind == resource.NotFound {
		return nil, nil
	}
	return id, err
}

// related finds the row related to parent pid through e that matches where
// (a unique where for to-many relations; any where, or none, for to-one).
func (mu *mutator) related(ctx context.Context, e *resource.Edge, pid, where any, path string, must bool) (any, error) {
	if pid == nil {
		return nil, argError(path, resource.CodeInvalidParameter, "only in update data")
	}
	t := e.Target()
	var id any
	var err error
	if e.Unique() {
		var f resource.Filter
		if f, err = mu.p.where.parse(t, where, path, 0); err != nil {
			return nil, err
		}
		res, err := resource.Find(ctx, &resource.Plan{Model: t, Where: resource.AndOf(resource.RelatedTo(e, pid), f), Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(res.Rows) > 0 {
			id = res.Rows[0].ID()
		}
	} else if id, err = mu.find(ctx, t, where, resource.RelatedTo(e, pid), path); err != nil {
		return nil, err
	}
	if id == nil && must {
		return nil, resource.Errorf(resource.NotFound, resource.CodeNotFound, "no related %s found for %s", t.Name(), e.Name()).AtPath(path)
	}
	return id, nil
}

// relatedAll lists the ids of the rows related to pid through e matching
// where (a filter, not necessarily unique).
func (mu *mutator) relatedAll(ctx context.Context, e *resource.Edge, pid, where any, path string) ([]any, error) {
	t := e.Target()
	f, err := mu.p.where.parse(t, where, path, 0)
	if err != nil {
		return nil, err
	}
	res, err := resource.Find(ctx, &resource.Plan{Model: t, Where: resource.AndOf(resource.RelatedTo(e, pid), f), Limit: -1})
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(res.Rows))
	for i, r := range res.Rows {
		ids[i] = r.ID()
	}
	return ids, nil
}

// fkHere reports whether the foreign key of a to-one edge is on the edge's
// own table (post.author), so the related row must exist first.
func fkHere(e *resource.Edge) bool {
	return e.Unique() && e.Table() == e.Model().Table() && (e.Rel() == resource.M2O || e.Rel() == resource.O2O) && e.Inverse()
}

// inverse returns the edge of the target that is the other side of e.
func inverse(e *resource.Edge, path string) (*resource.Edge, error) {
	if inv := e.OtherSide(); inv != nil {
		return inv, nil
	}
	return nil, argError(path, resource.CodeInvalidParameter, "%s has no inverse relation: nested creates are not supported on it", e.Name())
}

// each lists an object or an array of objects with the path of each.
func each(v any, path string) ([]any, []string) {
	if arr, ok := v.([]any); ok {
		ps := make([]string, len(arr))
		for i := range arr {
			ps[i] = join(path, itoa(i))
		}
		return arr, ps
	}
	return []any{v}, []string{path}
}

func isEmptyObject(v any) bool {
	o, ok := v.(map[string]any)
	return ok && len(o) == 0
}
