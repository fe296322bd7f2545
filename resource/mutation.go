package resource

import "context"

// Mutation is a typed Ent create or update builder behind a generic
// interface. Values are the runtime's canonical Go values (see Coerce).
type Mutation interface {
	// Set sets Model.Fields[i].
	Set(i int, v any) error
	// Clear sets Model.Fields[i] to NULL.
	Clear(i int) error
	// Add adds v to the numeric Model.Fields[i] (atomic increment).
	Add(i int, v any) error
	// SetEdge sets the to-one Model.Edges[i] to the row with the id.
	SetEdge(i int, id any) error
	// ClearEdge clears Model.Edges[i] (a to-one, or every member of a to-many).
	ClearEdge(i int) error
	// AddEdge adds rows to the to-many Model.Edges[i].
	AddEdge(i int, ids ...any) error
	// RemoveEdge removes rows from the to-many Model.Edges[i].
	RemoveEdge(i int, ids ...any) error
	// Save runs a create or single-row update and returns the row.
	Save(ctx context.Context) (Row, error)
	// Exec runs a bulk update and returns the number of rows changed.
	Exec(ctx context.Context) (int, error)
}
