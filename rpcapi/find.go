package rpcapi

import (
	"context"
	"strconv"

	"github.com/entstack/entstack/resource"
)

// findMany serves <model>/findMany (RPC-OP-05): an array.
func (h *Handler) findMany(c *call) error {
	rd, err := h.parser(c).read(c.model, c.op, c.args)
	if err != nil {
		return err
	}
	rows, err := h.load(c.r.Context(), rd, 0)
	if err != nil {
		return err
	}
	c.out.rows(rd.shape, rows)
	return nil
}

// findFirst serves <model>/findFirst (RPC-OP-03): the first row or null;
// a negative take takes the last one.
func (h *Handler) findFirst(c *call) error {
	rd, err := h.parser(c).read(c.model, c.op, c.args)
	if err != nil {
		return err
	}
	limit := 1
	if rd.hasTake && rd.take < 0 {
		limit = -1
	}
	rows, err := h.load(c.r.Context(), rd, limit)
	if err != nil {
		return err
	}
	h.one(c, rd.shape, rows)
	return nil
}

// findUnique serves <model>/findUnique (RPC-OP-01): the row or null.
func (h *Handler) findUnique(c *call) error {
	rd, err := h.parser(c).read(c.model, c.op, c.args)
	if err != nil {
		return err
	}
	rows, err := h.load(c.r.Context(), rd, 1)
	if err != nil {
		return err
	}
	h.one(c, rd.shape, rows)
	return nil
}

// findUniqueOrThrow and findFirstOrThrow answer 404 (P2025) instead of null.
func (h *Handler) findUniqueOrThrow(c *call) error {
	return h.orThrow(c, "findUnique", (*Handler).findUnique)
}
func (h *Handler) findFirstOrThrow(c *call) error {
	return h.orThrow(c, "findFirst", (*Handler).findFirst)
}

func (h *Handler) orThrow(c *call, op string, run func(*Handler, *call) error) error {
	c.op = op
	start := len(c.out.buf)
	if err := run(h, c); err != nil {
		return err
	}
	if string(c.out.buf[start:]) == "null" {
		return resource.Errorf(resource.NotFound, resource.CodeNotFound, "no %s found", c.model.Name())
	}
	return nil
}

func (h *Handler) one(c *call, s *shape, rows []resource.Row) {
	if len(rows) == 0 {
		c.out.buf = append(c.out.buf, "null"...)
		return
	}
	c.out.row(s, rows[0])
}

// exists serves <model>/exists (RPC-OP-18): whether a row matches.
func (h *Handler) exists(c *call) error {
	rd, err := h.parser(c).read(c.model, c.op, c.args)
	if err != nil {
		return err
	}
	ctx := c.r.Context()
	q := c.model.Ops().Query(ctx)
	if p := resource.Compile(ctx, c.model, rd.plan.Where); p != nil {
		q.Where(p)
	}
	q.Limit(1)
	rows, err := q.All(ctx)
	if err != nil {
		return err
	}
	c.out.buf = strconv.AppendBool(c.out.buf, len(rows) > 0)
	return nil
}

// load runs a parsed read: prepare, then the plan, then the relation
// counts. max > 0 caps the rows (findFirst, findUnique); -1 asks for the
// last row (findFirst with a negative take).
func (h *Handler) load(ctx context.Context, rd *read, max int) ([]resource.Row, error) {
	if err := h.prepare(ctx, rd, max, true); err != nil {
		return nil, err
	}
	res, err := resource.Find(ctx, rd.plan)
	if err != nil {
		return nil, err
	}
	if err := countRelations(ctx, rd.shape, res.Rows); err != nil {
		return nil, err
	}
	return res.Rows, nil
}

// prepare completes the plan of a read with its page: the take cap (when
// capped) and negative take (RPC-PAGE-03, the page taken from the end).
// It checks that the viewer may see every field a distinct compares
// (RPC-DIST-01, in the includes too).
func (h *Handler) prepare(ctx context.Context, rd *read, max int, capped bool) error {
	pl := rd.plan
	pl.Backwards = rd.hasTake && rd.take < 0
	limit := -1
	if capped {
		limit = h.opts.MaxTake
	}
	if rd.hasTake {
		limit = rd.take
		if pl.Backwards {
			limit = -limit
		}
	}
	switch {
	case max == -1:
		pl.Backwards, limit = true, 1
	case max > 0 && (limit > max || limit < 0):
		limit = max
	}
	pl.Limit = limit
	for _, d := range rd.distincts {
		if err := visible(ctx, d.fields, d.paths); err != nil {
			return err
		}
	}
	return nil
}

// countRelations fills the _count members of s and, recursively, of the
// loaded relations: one GROUP BY query per counted relation per level.
func countRelations(ctx context.Context, s *shape, rows []resource.Row) error {
	if s == nil || len(rows) == 0 {
		return nil
	}
	if len(s.counts) > 0 {
		ids := make([]any, len(rows))
		for i, r := range rows {
			ids[i] = r.ID()
		}
		for _, rc := range s.counts {
			n, err := resource.CountRelated(ctx, rc.edge, rc.where, ids)
			if err != nil {
				return err
			}
			rc.counts = n
		}
	}
	for _, es := range s.edges {
		if !hasCounts(es.shape) {
			continue
		}
		var sub []resource.Row
		for _, r := range rows {
			for j, n := 0, r.Edge(es.edge.Index()); j < n; j++ {
				sub = append(sub, r.EdgeRow(es.edge.Index(), j))
			}
		}
		if err := countRelations(ctx, es.shape, sub); err != nil {
			return err
		}
	}
	return nil
}

func hasCounts(s *shape) bool {
	if len(s.counts) > 0 {
		return true
	}
	for _, es := range s.edges {
		if hasCounts(es.shape) {
			return true
		}
	}
	return false
}

func itoa(i int) string { return strconv.Itoa(i) }
