package rpcapi

import (
	"context"
	"net/http"
	"strconv"

	"github.com/entstack/entstack/resource"
)

// The write operations (RPC-WIRE-02), each in the file of its kind:
// create.go, update.go, upsert.go, delete.go; data.go and nested.go parse
// and run their data.
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
func (h *Handler) result(c *call) (*read, error) {
	rd := &read{plan: resource.NewPlan(c.model)}
	var err error
	rd.shape, err = h.parser(c).selection(rd, rd.plan, c.args, "", 0)
	return rd, err
}

// readBack answers a write with the row it produced, read with the
// viewer's rights after the commit (or the row the write returned, when
// resource.ReadSaved may answer with it): an unreadable row is a 403 with
// rejectReason cannot-read-back (RPC-WIRE-08).
func (h *Handler) readBack(ctx context.Context, c *call, rd *read, saved resource.Saved) error {
	row, err := resource.ReadSaved(ctx, rd.plan, saved.ID, saved.Row)
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

// matching lists the ids of the rows the where (and optional limit) of a
// bulk operation c selects that the viewer may change with op ("update" or
// "delete"), in id order: the others are skipped silently, as ZenStack's
// bulk operations do (POL-SEM-07), and whether the viewer may read a row
// is not asked, as in ZenStack (resource.WritableIDs).
func (h *Handler) matching(ctx context.Context, c *call, op string) ([]any, error) {
	m, a := c.model, c.args
	f, err := h.parser(c).where.parse(m, a["where"], "where", 0)
	if err != nil {
		return nil, err
	}
	limit := -1
	if v, ok := a["limit"]; ok && v != nil {
		n, err := asInt(v, "limit")
		if err != nil || n < 0 {
			return nil, argError("limit", resource.CodeInvalidValue, "expected a non-negative integer")
		}
		limit = n
	}
	return resource.WritableIDs(ctx, m, f, op, limit)
}

func writeCount(c *call, n int) {
	c.out.buf = append(c.out.buf, `{"count":`...)
	c.out.buf = strconv.AppendInt(c.out.buf, int64(n), 10)
	c.out.buf = append(c.out.buf, '}')
}

// readBackAll answers with the rows of ids the viewer can read, in id
// order. With every, a row it cannot read makes the answer
// cannot-read-back (the writes stay committed), as ZenStack's
// updateManyAndReturn does; without, such rows are left out, as its
// createManyAndReturn does.
func (h *Handler) readBackAll(c *call, rd *read, ids []any, every bool) error {
	ctx := c.r.Context()
	rd.plan.Where = &resource.Cmp{Field: c.model.ID(), Op: resource.OpIn, Value: ids}
	rd.plan.Limit = -1
	res, err := resource.Find(ctx, rd.plan)
	if err != nil {
		return err
	}
	if every && len(res.Rows) < len(ids) {
		return resource.CannotReadBack(c.model)
	}
	if err := countRelations(ctx, rd.shape, res.Rows); err != nil {
		return err
	}
	c.out.rows(rd.shape, res.Rows)
	return nil
}
