package rpcapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/entstack/entstack/resource"
)

func init() {
	for name, op := range map[string]*operation{
		"create":              {post, http.StatusCreated, (*Handler).create},
		"createMany":          {post, http.StatusCreated, (*Handler).createMany},
		"createManyAndReturn": {post, http.StatusCreated, (*Handler).createManyAndReturn},
		"upsert":              {post, http.StatusCreated, (*Handler).upsert},
		"update":              {update, http.StatusOK, (*Handler).update},
		"updateMany":          {update, http.StatusOK, (*Handler).updateMany},
		"updateManyAndReturn": {update, http.StatusOK, (*Handler).updateManyAndReturn},
		"delete":              {del, http.StatusOK, (*Handler).delete},
		"deleteMany":          {del, http.StatusOK, (*Handler).deleteMany},
	} {
		operations[name] = op
	}
}

// result parses the select/include/omit of a write: the shape of the row
// it answers with.
func (h *Handler) result(m *resource.Model, a object) (*read, error) {
	rd := &read{plan: resource.NewPlan(m)}
	var err error
	rd.shape, err = h.parser().selection(rd.plan, a, "", 0)
	return rd, err
}

// readBack answers a write with the row it produced, read with the
// viewer's rights after the commit: an unreadable row is a 403 with
// rejectReason cannot-read-back (RPC-WIRE-08).
func (h *Handler) readBack(ctx context.Context, c *call, rd *read, id any) error {
	row, err := resource.ReadBack(ctx, rd.plan, id)
	if err != nil {
		return err
	}
	rows := []resource.Row{row}
	if err := countRelations(ctx, rd.shape, rows); err != nil {
		return err
	}
	c.out.row(rd.shape, row)
	return nil
}

// create serves <model>/create (RPC-OP-06).
func (h *Handler) create(c *call) error {
	if err := checkKeys(c.args, "", "data", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c.model, c.args)
	if err != nil {
		return err
	}
	data, ok := c.args["data"]
	if !ok {
		return argError("data", resource.CodeMissingValue, "data is required")
	}
	ctx := c.r.Context()
	var id any
	err = h.reg.InTx(ctx, func(ctx context.Context) error {
		var err error
		id, err = h.mutator().create(ctx, c.model, data, "data", nil)
		return err
	})
	if err != nil {
		return err
	}
	return h.readBack(ctx, c, rd, id)
}

// update serves <model>/update (RPC-OP-09): the row a unique where names,
// NotFound (P2025) when there is none the viewer can read.
func (h *Handler) update(c *call) error {
	if err := checkKeys(c.args, "", "where", "data", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c.model, c.args)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	var id any
	err = h.reg.InTx(ctx, func(ctx context.Context) error {
		mu := h.mutator()
		var err error
		if id, err = mu.resolve(ctx, c.model, c.args["where"], nil, "where"); err != nil {
			return err
		}
		return mu.update(ctx, c.model, id, c.args["data"], "data")
	})
	if err != nil {
		return err
	}
	return h.readBack(ctx, c, rd, id)
}

// upsert serves <model>/upsert (RPC-OP-12): find + update or create in one
// transaction (never a database upsert, which would skip the policy).
func (h *Handler) upsert(c *call) error {
	if err := checkKeys(c.args, "", "where", "create", "update", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c.model, c.args)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	var id any
	err = h.reg.InTx(ctx, func(ctx context.Context) error {
		mu := h.mutator()
		var err error
		if id, err = mu.find(ctx, c.model, c.args["where"], nil, "where"); err != nil {
			return err
		}
		if id != nil {
			return mu.update(ctx, c.model, id, c.args["update"], "update")
		}
		id, err = mu.create(ctx, c.model, c.args["create"], "create", nil)
		return err
	})
	if err != nil {
		return err
	}
	return h.readBack(ctx, c, rd, id)
}

// delete serves <model>/delete (RPC-OP-13): answers with the row as it was.
func (h *Handler) delete(c *call) error {
	if err := checkKeys(c.args, "", "where", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c.model, c.args)
	if err != nil {
		return err
	}
	if err := h.parser().requireUnique(c.model, c.args["where"], "where"); err != nil {
		return err
	}
	if rd.plan.Where, err = h.parser().where.parse(c.model, c.args["where"], "where", 0); err != nil {
		return err
	}
	ctx := c.r.Context()
	var rows []resource.Row
	err = h.reg.InTx(ctx, func(ctx context.Context) error {
		var err error
		if rows, err = h.load(ctx, rd, 1); err != nil {
			return err
		}
		if len(rows) == 0 {
			return resource.Errorf(resource.NotFound, resource.CodeNotFound, "no %s found for the unique where", c.model.Name).AtPath("where")
		}
		return h.reg.Delete(ctx, c.model, rows[0].ID())
	})
	if err != nil {
		return err
	}
	c.out.row(rd.shape, rows[0])
	return nil
}

// matching lists the ids of the rows a where (and optional limit) of a
// bulk operation selects, in id order.
// op ("update" or "delete") narrows them to the rows the viewer may change:
// the others are skipped silently, as ZenStack's bulk operations do
// (POL-SEM-07).
func (h *Handler) matching(ctx context.Context, m *resource.Model, a object, op string) ([]any, error) {
	f, err := h.parser().where.parse(m, a["where"], "where", 0)
	if err != nil {
		return nil, err
	}
	if scope := m.Ops.WriteScope(ctx, op); scope != nil {
		f = resource.AndOf(f, resource.Raw(scope))
	}
	pl := &resource.Plan{Model: m, Where: f, Limit: -1}
	if v, ok := a["limit"]; ok && v != nil {
		n, err := asInt(v, "limit")
		if err != nil || n < 0 {
			return nil, argError("limit", resource.CodeInvalidValue, "expected a non-negative integer")
		}
		pl.Limit = n
	}
	res, err := resource.Find(ctx, pl)
	if err != nil {
		return nil, err
	}
	ids := make([]any, len(res.Rows))
	for i, r := range res.Rows {
		ids[i] = r.ID()
	}
	return ids, nil
}

// deleteMany serves <model>/deleteMany (RPC-OP-14): {count}.
func (h *Handler) deleteMany(c *call) error {
	if err := checkKeys(c.args, "", "where", "limit"); err != nil {
		return err
	}
	ctx := c.r.Context()
	n := 0
	err := h.reg.InTx(ctx, func(ctx context.Context) error {
		ids, err := h.matching(ctx, c.model, c.args, "delete")
		if err != nil {
			return err
		}
		for _, id := range ids {
			if err := h.reg.Delete(ctx, c.model, id); err != nil {
				return err
			}
		}
		n = len(ids)
		return nil
	})
	if err != nil {
		return err
	}
	writeCount(c, n)
	return nil
}

func writeCount(c *call, n int) {
	c.out.buf = append(c.out.buf, `{"count":`...)
	c.out.buf = strconv.AppendInt(c.out.buf, int64(n), 10)
	c.out.buf = append(c.out.buf, '}')
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
	rd, err := h.result(c.model, c.args)
	if err != nil {
		return err
	}
	ids, err := h.updateAll(c)
	if err != nil {
		return err
	}
	return h.readBackAll(c, rd, ids)
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
		if ids, err = h.matching(ctx, c.model, c.args, "update"); err != nil {
			return err
		}
		mu := h.mutator()
		for _, id := range ids {
			if err := mu.update(ctx, c.model, id, data, "data"); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// readBackAll answers with the rows of ids the viewer can read, in id
// order.
func (h *Handler) readBackAll(c *call, rd *read, ids []any) error {
	ctx := c.r.Context()
	rd.plan.Where = &resource.Cmp{Field: c.model.ID, Op: resource.OpIn, Value: ids}
	rd.plan.Limit = -1
	res, err := resource.Find(ctx, rd.plan)
	if err != nil {
		return err
	}
	if err := countRelations(ctx, rd.shape, res.Rows); err != nil {
		return err
	}
	c.out.rows(rd.shape, res.Rows)
	return nil
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
	rd, err := h.result(c.model, c.args)
	if err != nil {
		return err
	}
	ids, err := h.createAll(c)
	if err != nil {
		return err
	}
	return h.readBackAll(c, rd, ids)
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
		mu := h.mutator()
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
		if !ok || !f.Unique || v == nil {
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
