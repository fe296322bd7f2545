package rpcapi

import (
	"context"
)

// upsert serves <model>/upsert (RPC-OP-12): find + update or create in one
// transaction (never a database upsert, which would skip the policy).
func (h *Handler) upsert(c *call) error {
	if err := checkKeys(c.args, "", "where", "create", "update", "select", "include", "omit"); err != nil {
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
