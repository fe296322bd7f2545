package resource

import "slices"

// OtherSide returns the edge of the target model that is the other side of
// the same relation (post.author for user.posts), or nil when the relation
// is declared on this side only.
func (e *Edge) OtherSide() *Edge {
	for _, x := range e.target.Edges() {
		if x.target == e.model && x.Table() == e.Table() && x.Inverse() != e.Inverse() && slices.Equal(x.Columns(), e.Columns()) {
			return x
		}
	}
	return nil
}

// Holds reports whether the rows e reaches cannot exist without the row
// they are reached from: the other side is a required to-one (each post
// needs its author). Unlinking such a row from e's side would leave it
// without one, which the NOT NULL of its foreign key refuses: it can only
// be deleted, or linked to another row from its own side.
func (e *Edge) Holds() bool {
	inv := e.OtherSide()
	return inv != nil && inv.Unique() && inv.Required()
}
