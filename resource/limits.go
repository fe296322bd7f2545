package resource

import "strings"

// Limits bound how much one request may ask the database to evaluate.
// Databases have limits of their own, reported from deep inside a query
// and different on each (SQLite refuses an expression deeper than 1000
// levels: an OR of a thousand comparisons), and a large filter is work
// for every row scanned. Both API flavours check what a request parses to
// against the Limits of the Registry before any SQL is built, so an
// oversized request is the same clear 4xx on every database.
//
// A zero field takes its default (DefaultLimits); a negative one turns its
// check off.
type Limits struct {
	// MaxTerms caps the predicate terms of a request: comparisons,
	// relation filters, constants and sort keys, counted over every filter
	// and sort of the request (nested includes, counts, nested writes and
	// each item of an RPC transaction too). An in list is one term, or one
	// per value when compared case-insensitively. A condition inside
	// relation filters counts once more for each of them (each is a
	// sub-query the database nests).
	MaxTerms int
	// MaxRelationFilters caps the relation filters of a request (RPC
	// some/every/none/is/isNot, JSON:API filters through relationships,
	// each id of $hasEvery). Each is a sub-query, and PostgreSQL's planner
	// time grows steeply with the sub-queries of a statement: 32 take tens
	// of milliseconds to plan, 96 seconds, 166 more than half a minute.
	MaxRelationFilters int
	// MaxSearchTerms caps the words of the full-text-like search filters
	// (JSON:API $search) of a request: each word is a condition of its own.
	MaxSearchTerms int
	// MaxListItems caps the values of the lists of a request (in, notIn,
	// comma-separated JSON:API filter values, $hasSome).
	MaxListItems int
}

// DefaultLimits are the limits of a Registry whose Limits are zero. They
// leave room under every supported database's own limits for the access
// policy's predicates.
var DefaultLimits = Limits{MaxTerms: 500, MaxRelationFilters: 32, MaxSearchTerms: 32, MaxListItems: 1000}

func (l Limits) withDefaults() Limits {
	if l.MaxTerms == 0 {
		l.MaxTerms = DefaultLimits.MaxTerms
	}
	if l.MaxRelationFilters == 0 {
		l.MaxRelationFilters = DefaultLimits.MaxRelationFilters
	}
	if l.MaxSearchTerms == 0 {
		l.MaxSearchTerms = DefaultLimits.MaxSearchTerms
	}
	if l.MaxListItems == 0 {
		l.MaxListItems = DefaultLimits.MaxListItems
	}
	return l
}

// Budget is what is left of the Limits for one request. A flavour takes one
// per request (Registry.Budget) and charges every filter and sort it parses
// from the request before it runs anything; the first that goes over is an
// Invalid error with code CodeLimit, to which the flavour adds the request
// member at fault.
type Budget struct {
	lim                             Limits
	terms, relations, search, items int
}

// Budget returns a fresh budget of the registry's Limits.
func (r *Registry) Budget() *Budget { return &Budget{lim: r.Limits.withDefaults()} }

// Filter charges the terms, search words and list items of f. A nil
// budget has no limits.
func (b *Budget) Filter(f Filter) error {
	if b == nil {
		return nil
	}
	b.count(f, 1)
	return b.check()
}

// Orders charges the sort keys of os: a key is a term, and so is each
// relation it goes through (a correlated sub-query).
func (b *Budget) Orders(os []Order) error {
	if b == nil {
		return nil
	}
	for _, o := range os {
		b.terms += 1 + len(o.Path)
	}
	return b.check()
}

// Terms charges n terms that the caller counted itself (the keys of a
// groupBy order, for instance).
func (b *Budget) Terms(n int) error {
	if b == nil {
		return nil
	}
	b.terms += n
	return b.check()
}

func (b *Budget) check() error {
	switch l := b.lim; {
	case l.MaxTerms >= 0 && b.terms > l.MaxTerms:
		return Errorf(Invalid, CodeLimit, "the request has more than %d filter conditions and sort keys (counted over the whole request; a condition inside relation filters counts once more for each)", l.MaxTerms)
	case l.MaxRelationFilters >= 0 && b.relations > l.MaxRelationFilters:
		return Errorf(Invalid, CodeLimit, "the request has more than %d relation filters (each is a sub-query)", l.MaxRelationFilters)
	case l.MaxSearchTerms >= 0 && b.search > l.MaxSearchTerms:
		return Errorf(Invalid, CodeLimit, "the request searches for more than %d words", l.MaxSearchTerms)
	case l.MaxListItems >= 0 && b.items > l.MaxListItems:
		return Errorf(Invalid, CodeLimit, "the request lists more than %d values (in, notIn and lists of ids count together)", l.MaxListItems)
	}
	return nil
}

// count adds the cost of f, mirroring what Compile makes of it: every
// node that becomes a condition of its own is a term. A relation filter
// is a sub-query, and SQLite nests the height of a sub-query's condition
// once more per level (an OR of 999 comparisons is its limit at the top,
// of 498 inside one sub-query, of 331 inside two): the conditions inside
// k relation filters count k+1 times each.
func (b *Budget) count(f Filter, w int) {
	switch x := f.(type) {
	case nil:
	case And:
		for _, c := range x {
			b.count(c, w)
		}
	case Or:
		if len(x) == 0 {
			b.terms += w
		}
		for _, c := range x {
			b.count(c, w)
		}
	case Not:
		if x.F == nil {
			b.terms += w
		}
		b.count(x.F, w)
	case *Cmp:
		b.terms += w
		switch x.Op {
		case OpIn, OpNotIn:
			vs, _ := x.Value.([]any)
			b.items += len(vs)
			if x.Fold {
				b.terms += w * len(vs)
			}
		case OpSearch:
			s, _ := x.Value.(string)
			b.search += len(strings.Fields(s))
		}
	case *EdgeFilter:
		b.terms += w
		b.relations++
		b.count(x.Where, w+1)
	case *JSONFilter:
		// an element of array_contains or hasSome is a condition of its own
		b.terms += w
		if vs, ok := x.Value.([]any); ok && (x.Op == JSONArrayContains || x.Op == JSONHasSome) {
			b.items += len(vs)
			b.terms += w * len(vs)
		}
	case *AggCmp:
		b.terms += w
		if vs, ok := x.Value.([]any); ok {
			b.items += len(vs)
		}
	default: // Const and the runtime's own nodes
		b.terms += w
	}
}
