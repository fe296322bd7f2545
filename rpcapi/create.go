package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// create serves <model>/create (RPC-OP-06).
func (h *Handler) create(c *call) error {
	if err := checkKeys(c.args, "", "data", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c)
	if err != nil {
		return err
	}
	data, ok := c.args["data"]
	if !ok {
		return argError("data", resource.CodeMissingValue, "data is required")
	}
	ctx := c.r.Context()
	var saved resource.Saved
	err = h.reg.InTx(ctx, func(ctx context.Context) error {
		var err error
		saved, err = h.mutator(c).createSaved(ctx, c.model, data, "data", nil)
		return err
	})
	if err != nil {
		return err
	}
	return h.readBack(ctx, c, rd, saved)
}

// createMany serves <model>/createMany (RPC-OP-07): {count}.
func (h *Handler) createMany(c *call) error {
	if err := checkKeys(c.args, "", "data", "skipDuplicates"); err != nil {
		return err
	}
	ids, err := h.createAll(c)
	if err != nil {
		return err
	}
	writeCount(c, len(ids))
	return nil
}

// createManyAndReturn serves <model>/createManyAndReturn (RPC-OP-08).
func (h *Handler) createManyAndReturn(c *call) error {
	if err := checkKeys(c.args, "", "data", "skipDuplicates", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c)
	if err != nil {
		return err
	}
	ids, err := h.createAll(c)
	if err != nil {
		return err
	}
	return h.readBackAll(c, rd, ids, false)
}

// createAll creates the rows of data (an object or an array; scalars and
// foreign keys only) in one transaction. With skipDuplicates, a row whose
// unique value is taken (by an existing or an earlier row) is skipped.
func (h *Handler) createAll(c *call) ([]any, error) {
	m := c.model
	items, paths := each(c.args["data"], "data")
	skip := false
	if v, ok := c.args["skipDuplicates"]; ok && v != nil {
		var err error
		if skip, err = asBool(v, "skipDuplicates"); err != nil {
			return nil, err
		}
	}
	var ids []any
	err := h.reg.InTx(c.r.Context(), func(ctx context.Context) error {
		mu := h.mutator(c)
		seen := map[string]bool{}
		for i, it := range items {
			o, err := asObject(it, paths[i])
			if err != nil {
				return err
			}
			for k := range o {
				if _, isEdge := m.Edge(k); isEdge {
					return argError(join(paths[i], k), resource.CodeInvalidParameter, "createMany takes scalar fields and foreign keys only")
				}
			}
			if skip {
				dup, err := duplicate(ctx, m, o, seen)
				if err != nil {
					return err
				}
				if dup {
					continue
				}
			}
			id, err := mu.create(ctx, m, o, paths[i], nil)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return nil
	})
	return ids, err
}

// duplicate reports whether a unique value of the row is taken, by an
// existing row or an earlier row of the batch (skipDuplicates).
func duplicate(ctx context.Context, m *resource.Model, o object, seen map[string]bool) (bool, error) {
	for k, v := range o {
		f, ok := m.Field(k)
		if !ok || !f.Unique() || v == nil {
			continue
		}
		x, err := resource.Coerce(f, v)
		if err != nil {
			return false, err
		}
		key := k + "\x00" + string(resource.AppendAny(nil, x))
		if seen[key] {
			return true, nil
		}
		seen[key] = true
		res, err := resource.Find(ctx, &resource.Plan{Model: m, Where: &resource.Cmp{Field: f, Op: resource.OpEQ, Value: x}, Limit: 1})
		if err != nil {
			return false, err
		}
		if len(res.Rows) > 0 {
			return true, nil
		}
	}
	return false, nil
}
