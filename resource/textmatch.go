package resource

import (
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// writeTextMatch writes a case-sensitive contains, prefix or suffix test of
// the text expression x. Prisma's string operators are case-sensitive by
// default on every database, but LIKE is not on SQLite (ASCII) nor on
// MySQL's _ci collations, so each dialect gets SQL of its own:
//
//   - SQLite: GLOB, which compares case-sensitively and runs as fast as LIKE
//     (INSTR is about 12% slower on a full scan, and a prefix GLOB can use
//     an index on the column).
//   - MySQL: LIKE BINARY.
//   - PostgreSQL: LIKE, case-sensitive there.
func writeTextMatch(b *sql.Builder, d string, x func(*sql.Builder), op Op, v string) {
	x(b)
	switch d {
	case dialect.SQLite:
		b.WriteString(" GLOB ").Arg(globPattern(op, v))
	case dialect.MySQL:
		b.WriteString(" LIKE BINARY ").Arg(likePattern(op, v))
	default:
		b.WriteString(" LIKE ").Arg(likePattern(op, v))
	}
}

// likeEscaper escapes LIKE's wildcards with backslash, the default escape
// character on PostgreSQL and MySQL.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// likePattern escapes v for LIKE and adds the wildcards of op.
func likePattern(op Op, v string) string {
	return wildcards(op, likeEscaper.Replace(v), "%")
}

// globEscaper quotes GLOB's special characters in one-character classes;
// GLOB has no escape character, and ']' is literal outside a class.
var globEscaper = strings.NewReplacer(`*`, `[*]`, `?`, `[?]`, `[`, `[[]`)

// globPattern escapes v for SQLite's GLOB and adds the wildcards of op.
func globPattern(op Op, v string) string {
	return wildcards(op, globEscaper.Replace(v), "*")
}

func wildcards(op Op, v, any string) string {
	switch op {
	case OpContains:
		return any + v + any
	case OpStartsWith:
		return v + any
	}
	return any + v
}
