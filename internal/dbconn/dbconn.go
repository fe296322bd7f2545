// Package dbconn opens the databases entstack runs on (SQLite, PostgreSQL,
// MySQL/MariaDB) from one string, the way the example server's -db flag takes
// it. It is shared by the example server and the integration test helpers so
// that the tests open databases exactly as the server does.
package dbconn

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// Source is a parsed -db value: which Ent dialect it is, and what to hand to
// database/sql.
type Source struct {
	Dialect    string // dialect.SQLite, dialect.Postgres or dialect.MySQL
	DriverName string // registered database/sql driver
	DSN        string // the driver's own DSN
	Display    string // the input with any password hidden, for messages
}

// Parse recognises a -db value:
//
//	blog.db, /var/lib/blog.db, file:blog.db?…   SQLite (mattn/go-sqlite3)
//	postgres://… postgresql://…                 PostgreSQL (pgx)
//	mysql://user:pass@host:port/db?…            MySQL/MariaDB (go-sql-driver)
//
// Anything else with a "scheme://" prefix is an error rather than a file name.
func Parse(dsn string) (Source, error) {
	if dsn == "" {
		return Source{}, fmt.Errorf("empty database DSN")
	}
	scheme, _, hasScheme := strings.Cut(dsn, "://")
	if !hasScheme {
		return parseSQLite(dsn)
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return parsePostgres(dsn)
	case "mysql", "mariadb":
		return parseMySQL(dsn)
	}
	return Source{}, fmt.Errorf("unknown database scheme %q: use a SQLite file path, file:…, postgres://… or mysql://…", scheme)
}

// Open opens and pings the database dsn names, with the pool sized for a
// server, and returns Ent's driver over it.
func Open(ctx context.Context, dsn string) (*entsql.Driver, error) {
	src, err := Parse(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(src.DriverName, src.DSN)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", src.Display, err)
	}
	n := PoolSize()
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	if src.Dialect != dialect.SQLite {
		// Recycle network connections before proxies or the server's idle
		// timeout cut them (go-sql-driver recommends under 5 minutes).
		db.SetConnMaxLifetime(3 * time.Minute)
	}
	if err := ping(ctx, db, src.Dialect); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to %s: %w", src.Display, err)
	}
	return entsql.OpenDB(src.Dialect, db), nil
}

// ping opens the first connection. On SQLite it retries, for up to
// sqliteOpenWait, while the file is locked: several instances starting at
// once on a new file all switch it to WAL as they connect, and SQLite
// answers a concurrent switch "database is locked" at once, without waiting
// out the busy timeout.
func ping(ctx context.Context, db *sql.DB, d string) error {
	err := db.PingContext(ctx)
	for deadline := time.Now().Add(sqliteOpenWait); d == dialect.SQLite && sqliteBusy(err) && time.Now().Before(deadline); {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(lockPoll / 10):
		}
		err = db.PingContext(ctx)
	}
	return err
}

// sqliteOpenWait bounds ping's retries: the busy timeout's 5 s, twice.
const sqliteOpenWait = 10 * time.Second

// PoolSize is the connection pool size: 4 per usable core, at least 4, as the
// benchmarked baseline uses (bench/README.md).
func PoolSize() int {
	return max(4, 4*runtime.GOMAXPROCS(0))
}
