package resource

import (
	"context"

	"entgo.io/ent"
)

// Mutation is a typed Ent create or single-row update builder behind a
// generic interface. Fields are written through Ent's generic setters of
// the builder's mutation (which the generated adapter embeds); relations
// and ids need the typed calls Ent only generates per entity.
type Mutation interface {
	// SetField, ClearField and AddField change a field by its Ent name,
	// with a value of its Go type (Field.Conv, or AddConv, converts it).
	SetField(name string, v ent.Value) error
	ClearField(name string) error
	AddField(name string, v ent.Value) error
	// SetID sets a client-generated id, already of the ID's Go type.
	SetID(id any) error
	// Link changes the relation Model.Edges[i]; ids are of the target's ID
	// Go type (see Link*).
	Link(i int, op LinkOp, ids []any) error
	// Save runs the create or update and returns the row; an update may
	// return nil (Ops.UpdateOne).
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
