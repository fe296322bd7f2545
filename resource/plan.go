package resource

// Plan is the flavour-neutral plan of a read: which rows of a model, in
// which order, which page, which related rows to load with them. Parsers
// build it without touching the database; Find executes it.
type Plan struct {
	Model *Model
	Where Filter
	Order []Order
	// Cursor selects one row (a unique filter): the rows start at it, in
	// Order (Prisma's cursor). When it selects no row the viewer can read,
	// there are no rows.
	Cursor Filter
	// Distinct keeps, of the rows matching Where, the first in Order of
	// each combination of values of these fields (Prisma's distinct); for
	// an include, of each parent's related rows.
	Distinct []*Field
	Offset   int
	Limit    int // < 0: no limit
	// Backwards takes the page from the end of Order: Offset and Limit
	// count from the last row, and the cursor bounds the rows from above
	// (Prisma's negative take). The rows still come in Order.
	Backwards bool
	Include   []*Include
	// Total asks Find to count the rows matching Where (for meta.total).
	Total bool
}

// NewPlan returns a plan for every row of m, unlimited.
func NewPlan(m *Model) *Plan { return &Plan{Model: m, Limit: -1} }

// Include loads the rows related through Edge with every row of the parent
// query, filtered, ordered and limited per parent by Plan.
type Include struct {
	Edge *Edge
	Plan *Plan
}

// IncludeEdge returns the include of e, adding an unlimited one if needed.
func (q *Plan) IncludeEdge(e *Edge) *Include {
	for _, in := range q.Include {
		if in.Edge == e {
			return in
		}
	}
	in := &Include{Edge: e, Plan: NewPlan(e.Target())}
	q.Include = append(q.Include, in)
	return in
}

// Order sorts by a field, possibly reached through to-one edges
// (author.name), or by the number of rows of a to-many edge.
type Order struct {
	Path  []*Edge // to-one edges from the query's model to the field's model
	Field *Field  // nil when ordering by Count
	Count *Edge   // order by the number of related rows (readable ones)
	Desc  bool
	Nulls Nulls
}

// Nulls places NULLs in an ordering.
type Nulls uint8

// NULL placement; NullsDefault leaves it to the database (with PostgreSQL
// normalised to SQLite's and MySQL's: NULLs first ascending).
const (
	NullsDefault Nulls = iota
	NullsFirst
	NullsLast
)
