package resource

import (
	"context"

	"entgo.io/ent/dialect/sql"
)

// Linkage maps a parent row's id (as Row.ID returns it) to the ids (or
// other key values) of its related rows, in id order. A parent with none is
// absent.
type Linkage map[any][]any

// RelatedIDs returns, for each parent id, the ids of the rows related
// through e that the viewer may read: one query on the target whatever the
// number of parents (the JSON:API linkage of a page of rows, never a query
// per row). It serves edges whose ids are not on the parent rows: to-many
// edges, and to-one edges whose foreign key is on the target (the
// non-owning side of a one-to-one). The target's read policy applies, as
// Ent's interceptors run on the query: a hidden row is not linked.
//
// key is the target's field whose values are returned: its ID, or another
// unique field that serves as the id (a JSON:API external id).
func RelatedIDs(ctx context.Context, e *Edge, parentIDs []any, key *Field) (Linkage, error) {
	out := make(Linkage, len(parentIDs))
	if len(parentIDs) == 0 {
		return out, nil
	}
	m, t := e.Model(), e.Target()
	q := t.Ops().Query(ctx)
	reshape := func(s *sql.Selector) {
		var pk string
		switch {
		case e.Rel() == M2M:
			own, other := e.Columns()[0], e.Columns()[1]
			if e.Inverse() {
				own, other = other, own
			}
			jt := sql.Table(e.Table()).As("lj")
			s.Join(jt).On(jt.C(other), s.C(t.ID().Column()))
			pk = jt.C(own)
		case e.Table() == m.Table() && e.Rel() != O2M:
			// The foreign key is on the parent: join it.
			pt := sql.Table(m.Table()).As("lp")
			s.Join(pt).On(pt.C(e.Columns()[0]), s.C(t.ID().Column()))
			pk = pt.C(m.ID().Column())
		default:
			pk = s.C(e.Columns()[0])
		}
		s.Where(sql.In(pk, parentIDs...))
		s.Select(pk, s.C(key.Column())).OrderBy(pk, s.C(t.ID().Column()))
	}
	err := q.Scan(ctx, reshape, func(rows *sql.Rows) error {
		var k, v any
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		parent, err := m.ID().Conv()(canonical(k))
		if err != nil {
			return err
		}
		var id any
		if key == t.ID() {
			if id, err = t.ID().Conv()(canonical(v)); err != nil {
				return err
			}
		} else {
			id = ScanValue(key.Kind(), v)
		}
		out[parent] = append(out[parent], id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
