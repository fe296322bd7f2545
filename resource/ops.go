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
	// UpdateOne starts an update of the row with the id. Its Save may
	// return a nil row (the generated code runs it as one UPDATE and
	// returns no row: read it back).
	UpdateOne(ctx context.Context, id any) Mutation
	// DeleteOne deletes the row with the id.
	DeleteOne(ctx context.Context, id any) error
	// ReadScope returns the read-policy predicate of the model for the
	// viewer of ctx, or nil when every row is readable. Relation filters AND
	// it into their sub-queries (Ent's neighbour predicates are raw SQL and
	// would otherwise see unreadable rows).
	ReadScope(ctx context.Context) func(*sql.Selector)
	// WriteScope returns the rows the viewer of ctx may update (op
	// "update") or delete ("delete"), judged on the current row, or nil when
	// all of them: bulk writes touch only those, as ZenStack's do.
	WriteScope(ctx context.Context, op string) func(*sql.Selector)
	// ReadsRow decides the read scope for the viewer of ctx on a row held
	// in Go (one a write returned), without a query. ok is false when the
	// rules hold a part Go cannot decide as the database would (a
	// relation, a string comparison…): read the row back then.
	ReadsRow(ctx context.Context, row Values) (readable, ok bool)
	// ReadTerms returns the column = value terms that the read scope ANDs
	// at its top level for the viewer of ctx (see Term).
	ReadTerms(ctx context.Context) []Term
	// FieldScope returns the rows whose Model.Fields[i] the viewer of ctx
	// may read (a field-level read rule), or nil when all of them: filters
	// and sorts on the field AND it, so hidden values cannot be probed.
	FieldScope(ctx context.Context, i int) func(*sql.Selector)
}

// Term is a column = value condition that a read scope ANDs at its top
// level (an anonymous viewer's posts: published = true). A request filter
// equal to a term is dropped: the policy already enforces it, and SQLite
// would test the same predicate twice per row (a measured 30% on a list).
type Term struct {
	Column string
	Value  any
}
