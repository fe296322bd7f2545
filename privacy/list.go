package privacy

import (
	"slices"

	"entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/sqljson"
)

// List functions of the rule language over JSON list columns (Ent's
// field.Strings, field.Ints, field.JSON of a slice) and Go lists (a list
// field of auth()). A null list is an empty one: it has nothing, and
// isEmpty holds. SQL goes through Ent's sqljson, which renders each
// dialect's JSON containment (SQLite json_each, PostgreSQL @>, MySQL and
// MariaDB JSON_CONTAINS).

// ListHas holds when the JSON list in column has v.
func ListHas(column string, v any) Cond {
	return Cond{p: func(s *sql.Selector) { s.Where(sqljson.ValueContains(s.C(column), v)) }}
}

// ListHasSome holds when the JSON list in column has one of vs at least.
func ListHasSome[T any](column string, vs []T) Cond {
	cs := make([]Cond, len(vs))
	for i, v := range vs {
		cs[i] = ListHas(column, v)
	}
	return Or(cs...)
}

// ListHasEvery holds when the JSON list in column has each of vs.
func ListHasEvery[T any](column string, vs []T) Cond {
	cs := make([]Cond, len(vs))
	for i, v := range vs {
		cs[i] = ListHas(column, v)
	}
	return And(cs...)
}

// ListEmpty holds when the JSON list in column is empty or null.
func ListEmpty(column string) Cond {
	return Cond{p: func(s *sql.Selector) {
		c := s.C(column)
		s.Where(sql.Or(sql.IsNull(c), sqljson.LenEQ(c, 0)))
	}}
}

// InList is column IN (vs…) for a Go list known at run time (has(auth().tags, tag)).
func InList[T any](column string, vs []T) Cond {
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	return In(column, args...)
}

// Has is has(list, v) over Go values.
func Has[T comparable](list []T, v T) bool { return slices.Contains(list, v) }

// HasSome is hasSome(list, vs) over Go values.
func HasSome[T comparable](list, vs []T) bool {
	return slices.ContainsFunc(vs, func(v T) bool { return slices.Contains(list, v) })
}

// HasEvery is hasEvery(list, vs) over Go values.
func HasEvery[T comparable](list, vs []T) bool {
	return !slices.ContainsFunc(vs, func(v T) bool { return !slices.Contains(list, v) })
}

// Lazy memoizes a look-up of a create rule: the first call runs f; its
// error, if any, goes to *errp (unless one is there already) and the answer
// is then false.
func Lazy(f func() (bool, error)) func(errp *error) bool {
	done, v := false, false
	return func(errp *error) bool {
		if !done {
			done = true
			var err error
			if v, err = f(); err != nil && *errp == nil {
				*errp = err
			}
		}
		return v
	}
}
