package resource

import (
	"context"

	"entgo.io/ent/dialect/sql"
)

// Ops is what entx generates per model: the few typed calls Ent offers only
// per entity. Every method picks the transaction of ctx when there is one
// (see Registry.InTx), so a request's writes and reads share it.
type Ops interface {
	// Query starts a query of the model.
	Query(ctx context.Context) Query
	// Create starts a create builder.
	Create(ctx context.Context) Mutation
	// UpdateOne starts an update of the row with the id.
	UpdateOne(ctx context.Context, id any) Mutation
	// Update starts an update of every row matching the predicates.
	Update(ctx context.Context, where ...func(*sql.Selector)) Mutation
	// DeleteOne deletes the row with the id.
	DeleteOne(ctx context.Context, id any) error
	// Delete deletes every row matching the predicates and returns how many.
	Delete(ctx context.Context, where ...func(*sql.Selector)) (int, error)
	// ReadScope returns the read-policy predicate of the model for the
	// viewer of ctx, or nil when every row is readable. Relation filters AND
	// it into their sub-queries (Ent's neighbour predicates are raw SQL and
	// would otherwise see unreadable rows).
	ReadScope(ctx context.Context) func(*sql.Selector)
	// WriteScope returns the rows the viewer of ctx may update (op
	// "update") or delete ("delete"), judged on the current row, or nil when
	// all of them: bulk writes touch only those, as ZenStack's do.
	WriteScope(ctx context.Context, op string) func(*sql.Selector)
	// ReadTerms returns the column = value terms that the read scope ANDs
	// at its top level for the viewer of ctx (see Term).
	ReadTerms(ctx context.Context) []Term
	// FieldScope returns the rows whose Model.Fields[i] the viewer of ctx
	// may read (a field-level read rule), or nil when all of them: filters
	// and sorts on the field AND it, so hidden values cannot be probed.
	FieldScope(ctx context.Context, i int) func(*sql.Selector)
	// ParseID converts an id value (int64, uint64, string…) to the Go type
	// of the model's ID, or fails.
	ParseID(v any) (any, error)
}

// Query is a typed Ent query behind a generic interface.
type Query interface {
	Where(ps ...func(*sql.Selector))
	Order(os ...func(*sql.Selector))
	Limit(n int)
	Offset(n int)
	// Modify adds a selector modifier (Ent's sql/modifier feature).
	Modify(fn func(*sql.Selector))
	// Include eager-loads the edge with the given index; init configures the
	// child query (filters, orders, nested includes).
	Include(edge int, init func(Query))
	All(ctx context.Context) ([]Row, error)
	// Count counts the matching rows with COUNT(*).
	Count(ctx context.Context) (int, error)
	// Clone returns a copy that can be changed independently.
	Clone() Query
	// Scan runs the query's SQL (filters, orders, page and access policy
	// applied) after reshape has rewritten it, and calls scan for each result
	// row: aggregates, GROUP BY and relation counts are built on it.
	Scan(ctx context.Context, reshape func(*sql.Selector), scan func(*sql.Rows) error) error
}

// Row is one loaded entity. The writers use it to serialize without
// reflection: every method is a switch on an index in generated code.
type Row interface {
	// ID returns the id value.
	ID() any
	// AppendID appends the id as a JSON string (JSON:API ids are strings).
	AppendID(dst []byte) []byte
	// AppendField appends the JSON value of Model.Fields[i].
	AppendField(dst []byte, i int) []byte
	// Value returns the Go value of Model.Fields[i] (nil for NULL); i = -1
	// is the ID. It boxes: use it off the hot path (cursors, groupBy keys).
	Value(i int) any
	// Hidden reports whether a field-level read rule hides Model.Fields[i]
	// from the viewer that loaded the row.
	Hidden(i int) bool
	// Edge reports how many rows of Model.Edges[i] are loaded; -1 when the
	// edge was not loaded.
	Edge(i int) int
	// EdgeRow returns the j-th loaded row of Model.Edges[i].
	EdgeRow(i, j int) Row
}

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

// Term is a column = value condition that a read scope ANDs at its top
// level (an anonymous viewer's posts: published = true). A request filter
// equal to a term is dropped: the policy already enforces it, and SQLite
// would test the same predicate twice per row (a measured 30% on a list).
type Term struct {
	Column string
	Value  any
}
