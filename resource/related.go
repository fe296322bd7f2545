package resource

import (
	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqlgraph"
)

// RelatedTo returns a filter on e's target model that matches the rows
// related to the parent row with the given id through e (the rows of
// GET /user/1/posts). When the foreign key is on the target's table it is a
// plain column comparison; otherwise a sub-query through the edge.
func RelatedTo(e *Edge, parentID any) Filter { return &relatedTo{edge: e, id: parentID} }

type relatedTo struct {
	edge *Edge
	id   any
}

func (*relatedTo) isFilter() {}

func (r *relatedTo) predicate() Predicate {
	e, t := r.edge, r.edge.Target()
	if e.Rel() != M2M && e.Table() == t.Table() && e.Table() != e.Model().Table() {
		return FieldEQ(e.Columns()[0], r.id)
	}
	m := e.Model()
	back := sqlgraph.NewStep(
		sqlgraph.From(t.Table(), t.ID().Column()),
		sqlgraph.To(m.Table(), m.ID().Column()),
		sqlgraph.Edge(sqlgraph.Rel(reverse(e.Rel())), !e.Inverse(), e.Table(), e.Columns()...),
	)
	is := compileCmp(&Cmp{Field: m.ID(), Op: OpEQ, Value: r.id})
	return func(s *sql.Selector) {
		sqlgraph.HasNeighborsWith(s, back, is)
	}
}

func reverse(r Rel) Rel {
	switch r {
	case O2M:
		return M2O
	case M2O:
		return O2M
	}
	return r
}
