package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// delete serves <model>/delete (RPC-OP-13): answers with the row as it
// was. Whether it is deleted is the delete rules' call (ZenStack): a row
// the viewer may delete but not read is deleted and answered
// cannot-read-back, after the commit; one it may neither delete nor read
// is NotFound (P2025), as a missing one.
func (h *Handler) delete(c *call) error {
	if err := checkKeys(c.args, "", "where", "select", "include", "omit"); err != nil {
		return err
	}
	rd, err := h.result(c)
	if err != nil {
		return err
	}
	if err := h.parser(c).requireUnique(c.model, c.args["where"], "where"); err != nil {
		return err
	}
	where, err := h.parser(c).where.parse(c.model, c.args["where"], "where", 0)
	if err != nil {
		return err
	}
	rd.plan.Where = where
	ctx := c.r.Context()
	var rows []resource.Row
	readable := true
	err = h.reg.InTx(ctx, func(ctx context.Context) error {
		var err error
		if rows, err = h.load(ctx, rd, 1); err != nil {
			return err
		}
		var id any
		if len(rows) > 0 {
			id = rows[0].ID()
		} else if id, err = resource.FindWritable(ctx, c.model, where, "delete"); err != nil {
			// neither readable nor deletable, or missing
			if e, ok := err.(*resource.Error); ok && e.Kind == resource.NotFound {
				return notFoundWhere(c.model)
			}
			return err
		}
		readable, err = h.reg.DeleteTx(ctx, c.model, id)
		return err
	})
	switch {
	case err != nil:
		return err
	case !readable || len(rows) == 0:
		return resource.CannotReadBack(c.model)
	}
	c.out.row(rd.shape, rows[0])
	return nil
}

// deleteMany serves <model>/deleteMany (RPC-OP-14): {count}.
func (h *Handler) deleteMany(c *call) error {
	if err := checkKeys(c.args, "", "where", "limit"); err != nil {
		return err
	}
	ctx := c.r.Context()
	n := 0
	err := h.reg.InTx(ctx, func(ctx context.Context) error {
		ids, err := h.matching(ctx, c, "delete")
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := h.reg.DeleteTx(ctx, c.model, id); err != nil {
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
