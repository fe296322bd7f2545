package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// update serves <model>/update (RPC-OP-09): the row a unique where names,
// if the update rules let the viewer change it (ZenStack): one the viewer
// may change but not read is written and answered cannot-read-back; one it
// may neither change nor read is NotFound (P2025), as a missing one.
func (h *Handler) update(c *call) error {
	if err := checkKeys(c.args, "", "where", "data", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	var id any
	err = h.reg.InTx(ctx, func(ctx context.Context) error {
		mu := h.mutator(c)
		var err error
		if id, err = mu.target(ctx, c.model, c.args["where"], c.args["data"]); err != nil {
			return err
		}
		err = mu.update(ctx, c.model, id, c.args["data"], "data")
		if e, ok := err.(*resource.Error); ok && e.Kind == resource.NotFound && e.Source.Path == "" {
			// the row itself (data that sets only its own fields has no
			// other row to miss): as a where that resolves to nothing
			return notFoundWhere(c.model)
		}
		return err
	})
	if err != nil {
		return err
	}
	return h.readBack(ctx, c, rd, resource.Saved{ID: id})
}

// updateMany serves <model>/updateMany (RPC-OP-10): scalar data only,
// {count}.
func (h *Handler) updateMany(c *call) error {
	if err := checkKeys(c.args, "", "where", "data", "limit"); err != nil {
		return err
	}
	ids, err := h.updateAll(c)
	if err != nil {
		return err
	}
	writeCount(c, len(ids))
	return nil
}

// updateManyAndReturn serves <model>/updateManyAndReturn (RPC-OP-11).
func (h *Handler) updateManyAndReturn(c *call) error {
	if err := checkKeys(c.args, "", "where", "data", "limit", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c)
	if err != nil {
		return err
	}
	ids, err := h.updateAll(c)
	if err != nil {
		return err
	}
	return h.readBackAll(c, rd, ids, true)
}

// updateAll updates every matching row with scalar data in one
// transaction and returns their ids.
func (h *Handler) updateAll(c *call) ([]any, error) {
	data, err := asObject(c.args["data"], "data")
	if err != nil {
		return nil, err
	}
	for k := range data {
		if _, ok := c.model.Field(k); !ok {
			if _, isEdge := c.model.Edge(k); isEdge {
				return nil, argError(join("data", k), resource.CodeInvalidParameter, "updateMany takes scalar fields only")
			}
			return nil, unknownField(c.model, join("data", k))
		}
	}
	var ids []any
	err = h.reg.InTx(c.r.Context(), func(ctx context.Context) error {
		var err error
		if ids, err = h.matching(ctx, c, "update"); err != nil {
			return err
		}
		mu := h.mutator(c)
		for _, id := range ids {
			if err := mu.update(ctx, c.model, id, data, "data"); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// target resolves the unique where of an update to the row's id. A where
// that names the id alone, with data that only sets the row's own fields,
// needs no query: the update's guard decides, and explains a row it
// misses after the fact. Other wheres, and data that reads the row or its
// relations before writing (nested writes, foreign keys, atomic
// operations), look the row up among those the viewer may read or update
// (resource.FindWritable): nothing is read of a row the viewer may
// neither read nor update.
func (mu *mutator) target(ctx context.Context, m *resource.Model, where, data any) (any, error) {
	if err := mu.p.requireUnique(m, where, "where"); err != nil {
		return nil, err
	}
	f, err := mu.p.where.parse(m, where, "where", 0)
	if err != nil {
		return nil, err
	}
	if c, ok := f.(*resource.Cmp); ok && c.Field == m.ID() && c.Op == resource.OpEQ && m.ID().Conv() != nil && ownFields(m, data) {
		if id, err := m.ID().Conv()(c.Value); err == nil {
			return id, nil
		}
	}
	id, err := resource.FindWritable(ctx, m, f, "update")
	if e, ok := err.(*resource.Error); ok && e.Kind == resource.NotFound {
		return nil, notFoundWhere(m)
	}
	return id, err
}

// ownFields reports whether update data only sets fields of the row
// itself: no relation, no foreign key, no atomic operation.
func ownFields(m *resource.Model, data any) bool {
	o, ok := data.(map[string]any)
	if !ok {
		return false
	}
	for k, v := range o {
		f, ok := m.Field(k)
		if !ok || f.Edge() != nil || f == m.ID() {
			return false
		}
		if _, isObj := v.(map[string]any); isObj && f.Kind() != resource.KindJSON {
			return false
		}
	}
	return true
}

func notFoundWhere(m *resource.Model) error {
	return resource.Errorf(resource.NotFound, resource.CodeNotFound, "no %s found for the unique where", m.Name()).AtPath("where")
}
