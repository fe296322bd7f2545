package rpcapi

import (
	"context"

	"github.com/entstack/entstack/resource"
)

// update serves <model>/update (RPC-OP-09): the row a unique where names,
// NotFound (P2025) when there is none the viewer can read.
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
