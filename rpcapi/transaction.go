package rpcapi

import (
	"bytes"
	"context"
	"net/http"
)

// transaction serves POST /$transaction/sequential (RPC-OP-20,
// RPC-WIRE-09): a non-empty array of {model, op, args}, every item
// validated first, then run in order in one transaction; the answer is the
// array of their results. Any failure rolls everything back.
func (h *Handler) transaction(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodPost {
		return requestError("invalid request method, only POST is supported")
	}
	body, err := h.readBody(r)
	if err != nil {
		return err
	}
	v, order, err := decodeJSON(bytes.TrimSpace(body))
	if err != nil {
		return requestError("invalid request body: %v", err)
	}
	items, ok := v.([]any)
	if !ok || len(items) == 0 {
		return requestError("the request body must be a non-empty array of operations")
	}
	budget := h.reg.Budget() // one request: its operations share the limits
	calls := make([]*call, len(items))
	opers := make([]*operation, len(items))
	for i, it := range items {
		o, ok := it.(map[string]any)
		if !ok {
			return requestError("operation at index %d must be an object", i)
		}
		name, _ := o["model"].(string)
		m, ok := h.reg.Model(lowerFirst(name))
		if !ok {
			return requestError("operation at index %d has an unknown model name: %q", i, name)
		}
		op, _ := o["op"].(string)
		oper, ok := operations[op]
		if !ok {
			return requestError("operation at index %d has an invalid op: %q", i, op)
		}
		args := object{}
		if a, present := o["args"]; present && a != nil {
			ao, ok := a.(map[string]any)
			if !ok {
				return requestError("operation at index %d has args that are not an object", i)
			}
			if args, err = argsObject(stripMeta(ao)); err != nil {
				return requestError("operation at index %d: %v", i, err)
			}
		}
		calls[i], opers[i] = &call{model: m, op: op, args: args, order: order, budget: budget}, oper
	}
	out := newWriter()
	defer out.release()
	err = h.reg.InTx(r.Context(), func(ctx context.Context) error {
		tr := r.WithContext(ctx)
		out.buf = append(out.buf, '[')
		for i, c := range calls {
			if i > 0 {
				out.buf = append(out.buf, ',')
			}
			c.r, c.out = tr, out
			out.rec.PushIndex(i)
			if err := opers[i].run(h, c); err != nil {
				return err
			}
			out.rec.Pop()
		}
		out.buf = append(out.buf, ']')
		return nil
	})
	if err != nil {
		return err
	}
	h.send(w, http.StatusOK, out.finish())
	return nil
}
