package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// delete serves <model>/delete (RPC-OP-13): answers with the row as it was.
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
	if rd.plan.Where, err = h.parser(c).where.parse(c.model, c.args["where"], "where", 0); err != nil {
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
