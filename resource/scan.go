package resource

import (
	"context"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// The scan hint. SQLite, without statistics (and even with them), takes an
// equality on the first column of an index as selective. On a boolean
// column it rarely is: the read policy's `published = ?` matches 60% of the
// posts, and when the query also carries a test that no index serves (a
// text search), SQLite walks the (published, view_count) index and fetches
// each matching row out of table order: 3–4× the cost of reading the whole
// table in order (a measured R5: title contains a word, page 20 with its
// total). Find therefore marks such queries, and the boolean equalities it
// and the policies render (FieldEQ) become `+column = ?` on SQLite, which
// SQLite does not use to pick an index. Selective equalities (a foreign key,
// a tenant) keep their index; PostgreSQL and MySQL plan from statistics and
// get plain SQL.

// scanKey marks, in a selector's context, a query that reads its rows by a
// scan rather than through an index on a boolean column.
type scanKey struct{}

// markScan is a query modifier: it marks the selector's query for a scan.
// The mark is read when the predicates render (Selector.Query), after every
// modifier has run.
func markScan(s *sql.Selector) { s.WithContext(context.WithValue(s.Context(), scanKey{}, true)) }

// scanning reports whether a boolean equality on s should not drive the
// choice of an index.
func scanning(s *sql.Selector) bool {
	mark, _ := s.Context().Value(scanKey{}).(bool)
	return mark && s.Dialect() == dialect.SQLite
}

// scanHints says which of the queries of a read of m with the filter f and
// the order Find marks for a scan: both when f holds a text test, but the
// rows query only when it is in id order (the default). An explicit sort
// may follow an index that starts with the boolean (published,
// view_count): SQLite then walks it in order and stops at the page's end,
// which beats reading the whole table.
func scanHints(m *Model, order []Order, f Filter) (count, rows bool) {
	if !textTest(f) {
		return false, false
	}
	sorted := len(order) > 0 && (order[0].Field != m.ID() || len(order[0].Path) > 0)
	return true, !sorted
}

// textTest reports whether f tests a string in a way no index serves
// (contains, endsWith, search, case-insensitive comparisons, and startsWith,
// which SQLite compiles to SUBSTR), outside relation sub-queries: the
// database must then read every candidate row.
func textTest(f Filter) bool {
	switch x := f.(type) {
	case And:
		for _, c := range x {
			if textTest(c) {
				return true
			}
		}
	case Or:
		for _, c := range x {
			if textTest(c) {
				return true
			}
		}
	case Not:
		return textTest(x.F)
	case *Cmp:
		switch x.Op {
		case OpContains, OpStartsWith, OpEndsWith, OpSearch:
			return true
		}
		return x.Fold && x.Field.Kind() == KindString
	}
	return false
}
