package resource

import "entgo.io/ent/dialect/sql"

// Filter is a node of the flavour-neutral filter tree. The REST and RPC
// parsers build it; Compile turns it into a predicate on Ent's SQL builder.
type Filter interface{ isFilter() }

// And matches rows that match every member (an empty And matches all).
type And []Filter

// Or matches rows that match any member (an empty Or matches none).
type Or []Filter

// Not negates a filter.
type Not struct{ F Filter }

// Const matches every row (true) or none (false).
type Const bool

// Cmp compares a field with a value.
type Cmp struct {
	Field *Field
	Op    Op
	// Value is a canonical value (see Coerce); a []any for In and NotIn, a
	// bool for IsNull; a string for the string operators.
	Value any
	// Fold makes string comparisons case-insensitive.
	Fold bool
}

// EdgeFilter tests the rows related through an edge. Only rows the viewer
// may read take part: a hidden related row never matches.
type EdgeFilter struct {
	Edge *Edge
	Mode EdgeMode
	// Where filters the related rows; nil means no condition.
	Where Filter
}

// Op is a comparison operator.
type Op uint8

// Comparison operators.
const (
	OpEQ Op = iota + 1
	OpNEQ
	OpLT
	OpLTE
	OpGT
	OpGTE
	OpIn
	OpNotIn
	OpContains
	OpStartsWith
	OpEndsWith
	OpSearch // every whitespace-separated term is contained, case-insensitively
	OpIsNull // Value: true for IS NULL, false for IS NOT NULL
)

var opNames = [...]string{"", "equals", "not", "lt", "lte", "gt", "gte", "in", "notIn", "contains", "startsWith", "endsWith", "search", "isNull"}

func (o Op) String() string {
	if int(o) < len(opNames) {
		return opNames[o]
	}
	return "op?"
}

// EdgeMode says how an EdgeFilter quantifies over the related rows.
type EdgeMode uint8

// Edge quantifiers.
const (
	Some  EdgeMode = iota + 1 // at least one related row matches (to-one: "is")
	Every                     // every related row matches (vacuously true when none)
	None                      // no related row matches (to-one: "isNot")
)

func (And) isFilter()         {}
func (Or) isFilter()          {}
func (Not) isFilter()         {}
func (Const) isFilter()       {}
func (*Cmp) isFilter()        {}
func (*EdgeFilter) isFilter() {}

// Raw is a predicate built by generated code (a policy scope) used as a
// filter.
type Raw func(*sql.Selector)

func (Raw) isFilter() {}

// AndOf returns the conjunction of the non-nil filters, flattening nested
// Ands; nil when there is none.
func AndOf(fs ...Filter) Filter {
	var out And
	for _, f := range fs {
		switch x := f.(type) {
		case nil:
		case And:
			out = append(out, x...)
		default:
			out = append(out, f)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	return out
}
