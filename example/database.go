package main

import (
	"context"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/internal/dbconn"
)

// openDatabase opens the database the -db flag names and returns Ent's
// driver over it; wrap it with ent.NewClient(ent.Driver(drv)).
//
//	blog.db (default), /path/x.db, file:x.db?…  SQLite: WAL, busy timeout 5 s,
//	                                             foreign keys, BEGIN IMMEDIATE,
//	                                             mmap on every connection
//	postgres://user:pass@host:5432/db?sslmode=…  PostgreSQL (pgx)
//	mysql://user:pass@host:3306/db?…             MySQL or MariaDB
//
// The parsing and pool settings live in internal/dbconn, where the
// integration tests use them too.
func openDatabase(ctx context.Context, dsn string) (*entsql.Driver, error) {
	return dbconn.Open(ctx, dsn)
}
