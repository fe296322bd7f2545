package resource

import (
	"context"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

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

// ScanRows is the body of the generated Query.Scan step: reshape rewrites
// the query's selector, and scan is called for every result row.
func ScanRows(ctx context.Context, s *sql.Selector, drv dialect.Driver, reshape func(*sql.Selector), scan func(*sql.Rows) error) error {
	reshape(s)
	if err := s.Err(); err != nil {
		return err
	}
	rows := &sql.Rows{}
	query, args := s.Query()
	if err := drv.Query(ctx, query, args, rows); err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
