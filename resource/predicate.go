package resource

import (
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// FieldEQ returns the predicate column = v. Unlike sql.FieldEQ it renders a
// boolean as `column = ?` too: Ent writes a bare `WHERE column` for true,
// which keeps SQLite off an index that starts with the column (a measured
// 10× on the benchmark's list of published posts). In a query Find marks
// for a scan, a boolean renders as `+column = ?` on SQLite (see scan.go).
//
// On PostgreSQL a boolean is written as a literal (`column = true`): the
// driver prepares and caches statements, and PostgreSQL's generic plan of
// `column = $1` cannot tell that true matches most rows, so with a text
// search it walked an index on the column instead of reading the table
// (measured: the benchmark's R5 count, 27 ms against 14 ms).
func FieldEQ(column string, v any) func(*sql.Selector) {
	bv, boolean := v.(bool)
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			if boolean && scanning(s) {
				b.WriteByte('+')
			}
			b.Ident(s.C(column)).WriteOp(sql.OpEQ)
			switch {
			case boolean && s.Dialect() == dialect.Postgres && bv:
				b.WriteString("true")
			case boolean && s.Dialect() == dialect.Postgres:
				b.WriteString("false")
			default:
				b.Arg(v)
			}
		}))
	}
}
