package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// upsert serves <model>/upsert (RPC-OP-12): find + update or create in one
// transaction (never a database upsert, which would skip the policy). The
// row found is one the viewer may read or update (ZenStack updates by the
// update rules): one it may update but not read is updated and answered
// cannot-read-back.
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
		if id, err = mu.findWritable(ctx, c.model, c.args["where"], "where"); err != nil {
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
	return h.readBack(ctx, c, rd, resource.Saved{ID: id})
}
