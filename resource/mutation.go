package resource

import (
	"context"

	"entgo.io/ent"
)

// Mutation is a typed Ent create or single-row update builder behind a
// generic interface. Fields are written through the Ent mutation it
// carries (Ent's SetField, ClearField and AddField take any field by name);
// relations and ids need the typed calls Ent only generates per entity.
type Mutation interface {
	// Ent returns the builder's Ent mutation.
	Ent() ent.Mutation
	// SetID sets a client-generated id, already of the ID's Go type.
	SetID(id any) error
	// Link changes the relation Model.Edges[i]; ids are of the target's ID
	// Go type (see Link*).
	Link(i int, op LinkOp, ids []any) error
	// Save runs the create or update and returns the row.
	Save(ctx context.Context) (Row, error)
}

// LinkOp is a change of a relation on a Mutation.
type LinkOp uint8

// Relation changes: a to-one edge is set or cleared; a to-many edge gains
// or loses rows, or is cleared.
const (
	LinkSet LinkOp = iota + 1
	LinkClear
	LinkAdd
	LinkRemove
)
