package main

import (
	"context"
	"strings"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/mattn/go-sqlite3"
)

// openDatabase opens the database of the -db flag (SQLite only until the
// PostgreSQL and MySQL drivers land).
func openDatabase(ctx context.Context, dsn string) (*entsql.Driver, error) {
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + dsn
	}
	return entsql.Open(dialect.SQLite, dsn+"?_journal_mode=WAL&_busy_timeout=5000&_foreign_keys=on&_txlock=immediate")
}
