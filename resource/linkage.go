package resource

import (
	"context"

	"entgo.io/ent/dialect/sql"
)

// Linkage maps a parent row's id (as Row.ID returns it) to the ids of its
// related rows, in id order. A parent with none is absent.
type Linkage map[any][]any

// RelatedIDs returns, for each parent id, the ids of the rows related
// through e that the viewer may read: one query on the target whatever the
// number of parents (the JSON:API linkage of a page of rows, never a query
// per row). It serves edges whose ids are not on the parent rows: to-many
// edges, and to-one edges whose foreign key is on the target (the
// non-owning side of a one-to-one). The target's read policy applies, as
// Ent's interceptors run on the query: a hidden row is not linked.
func RelatedIDs(ctx context.Context, e *Edge, parentIDs []any) (Linkage, error) {
	out := make(Linkage, len(parentIDs))
	if len(parentIDs) == 0 {
		return out, nil
	}
	m, t := e.Model(), e.Target()
	q := t.Ops.Query(ctx)
	reshape := func(s *sql.Selector) {
		var key string
		switch {
		case e.Rel == M2M:
			own, other := e.Columns[0], e.Columns[1]
			if e.Inverse {
				own, other = other, own
			}
			jt := sql.Table(e.Table).As("lj")
			s.Join(jt).On(jt.C(other), s.C(t.ID.Column))
			key = jt.C(own)
		case e.Table == m.Table && e.Rel != O2M:
			// The foreign key is on the parent: join it.
			pt := sql.Table(m.Table).As("lp")
			s.Join(pt).On(pt.C(e.Columns[0]), s.C(t.ID.Column))
			key = pt.C(m.ID.Column)
		default:
			key = s.C(e.Columns[0])
		}
		s.Where(sql.In(key, parentIDs...))
		s.Select(key, s.C(t.ID.Column)).OrderBy(key, s.C(t.ID.Column))
	}
	err := q.Scan(ctx, reshape, func(rows *sql.Rows) error {
		var k, v any
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		parent, err := m.Ops.ParseID(canonical(k))
		if err != nil {
			return err
		}
		id, err := t.Ops.ParseID(canonical(v))
		if err != nil {
			return err
		}
		out[parent] = append(out[parent], id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
