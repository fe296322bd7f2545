package resource

import (
	"context"

	"entgo.io/ent/dialect/sql"
)

// Counts maps a parent row's id (as Row.ID returns it) to a number of
// related rows. A parent with none is absent (count 0).
type Counts map[any]int64

// CountRelated counts, for each parent id, the rows related through the
// to-many edge e that the viewer may read and that match where: one
// GROUP BY query on the target (Prisma's _count of relations, also usable
// by JSON:API meta). The target's read policy applies, as Ent's
// interceptors run on the query.
func CountRelated(ctx context.Context, e *Edge, where Filter, parentIDs []any) (Counts, error) {
	out := make(Counts, len(parentIDs))
	if len(parentIDs) == 0 {
		return out, nil
	}
	if e.Unique() {
		return nil, Errorf(Invalid, CodeInvalidParameter, "%s is a to-one relation: it cannot be counted", e.Name())
	}
	m, t := e.Model(), e.Target()
	q := t.Ops().Query(ctx)
	if p := Compile(ctx, t, where); p != nil {
		q.Where(p)
	}
	reshape := func(s *sql.Selector) {
		var key string
		if e.Rel() == M2M {
			own, other := e.Columns()[0], e.Columns()[1]
			if e.Inverse() {
				own, other = other, own
			}
			jt := sql.Table(e.Table()).As("cj")
			s.Join(jt).On(jt.C(other), s.C(t.ID().Column()))
			key = jt.C(own)
		} else {
			key = s.C(e.Columns()[0])
		}
		s.Where(sql.In(key, parentIDs...))
		s.Select(key, sql.Count("*")).GroupBy(key)
	}
	err := q.Scan(ctx, reshape, func(rows *sql.Rows) error {
		var k any
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		id, err := m.ID().Conv()(canonical(k))
		if err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// canonical turns a value scanned into an any by database/sql into the
// runtime's canonical form (text arrives as []byte from some drivers).
func canonical(v any) any {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case int:
		return int64(x)
	case int32:
		return int64(x)
	case float32:
		return float64(x)
	}
	return v
}
