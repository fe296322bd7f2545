package dbconn

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/mattn/go-sqlite3"
)

// migrationLockKey is the PostgreSQL advisory lock of schema migrations
// (advisory locks are per database): an arbitrary constant, "entstack" in
// ASCII.
const migrationLockKey int64 = 0x656e74737461636b

// mysqlLockName names the MySQL lock of schema migrations. GET_LOCK names
// are server-wide, so the database's name is part of it (hashed: names are
// limited to 64 characters).
const mysqlLockName = "CONCAT('entstack-migrate:', MD5(DATABASE()))"

// lockPoll is how long one attempt to take a lock that cannot wait for a
// context (MySQL's GET_LOCK, SQLite's busy timeout) waits before the context
// is checked again.
const lockPoll = time.Second

// Migrate runs fn (the schema migration and whatever must happen once per
// database, such as seeding) while holding a database-wide lock, so that
// servers starting at once on an empty database migrate one after the
// other, and the later ones find nothing left to do. Ent's migration
// inspects the schema before its transaction: without the lock, two of them
// both plan CREATE TABLE and one fails.
//
//   - PostgreSQL: a session advisory lock (pg_advisory_lock);
//   - MySQL/MariaDB: a named lock (GET_LOCK);
//   - SQLite: the database's own write lock (BEGIN IMMEDIATE), held by the
//     transaction fn runs in.
//
// fn gets a driver over the one connection that holds the lock, and must do
// its work through it (ent.NewClient(ent.Driver(drv)),
// migrate.NewSchema(drv)): on SQLite any other connection would wait for
// the lock. Waiting for the lock ends with ctx.
func Migrate(ctx context.Context, drv *entsql.Driver, fn func(ctx context.Context, drv dialect.Driver) error) (err error) {
	conn, err := drv.DB().Conn(ctx)
	if err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.Close()
	name := drv.Dialect()
	locked := &connDriver{Conn: entsql.Conn{ExecQuerier: conn}, conn: conn, dialect: name}
	switch name {
	case dialect.Postgres:
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
			return fmt.Errorf("waiting for the migration lock (pg_advisory_lock): %w", err)
		}
		defer func() {
			if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrationLockKey); uerr != nil {
				err = errors.Join(err, discard(conn, fmt.Errorf("releasing the migration lock: %w", uerr)))
			}
		}()
	case dialect.MySQL:
		if err := mysqlLock(ctx, conn); err != nil {
			return err
		}
		defer func() {
			if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), "SELECT RELEASE_LOCK("+mysqlLockName+")"); uerr != nil {
				err = errors.Join(err, discard(conn, fmt.Errorf("releasing the migration lock: %w", uerr)))
			}
		}()
	case dialect.SQLite:
		if err := sqliteLock(ctx, conn); err != nil {
			return err
		}
		locked.inTx = true
		defer func() {
			end := "COMMIT"
			if err != nil {
				end = "ROLLBACK"
			}
			if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), end); uerr != nil {
				err = errors.Join(err, discard(conn, fmt.Errorf("ending the migration transaction: %w", uerr)))
			}
		}()
	default:
		return fmt.Errorf("migration lock: unsupported dialect %q", name)
	}
	return fn(ctx, locked)
}

// mysqlLock takes the named lock, a second at a time so that ctx is
// honoured (GET_LOCK waits in the server, where a cancelled context does not
// reach).
func mysqlLock(ctx context.Context, conn *sql.Conn) error {
	for {
		var got sql.NullInt64
		err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+mysqlLockName+", ?)", int(lockPoll/time.Second)).Scan(&got)
		switch {
		case err != nil:
			return fmt.Errorf("waiting for the migration lock (GET_LOCK): %w", err)
		case got.Valid && got.Int64 == 1:
			return nil
		case !got.Valid:
			return errors.New("waiting for the migration lock (GET_LOCK): the server returned NULL")
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("waiting for the migration lock (GET_LOCK): %w", err)
		}
	}
}

// sqliteLock begins the write transaction, retrying while another
// connection (another process) holds the database's write lock past the
// busy timeout.
func sqliteLock(ctx context.Context, conn *sql.Conn) error {
	for {
		_, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE")
		if err == nil {
			return nil
		}
		if !sqliteBusy(err) {
			return fmt.Errorf("taking the database's write lock for migrating: %w", err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the database's write lock for migrating: %w", ctx.Err())
		case <-time.After(lockPoll / 10):
		}
	}
}

// sqliteBusy reports whether err is SQLite's "database is locked": another
// connection, of this process or another, holds the lock it needs.
func sqliteBusy(err error) bool {
	var e sqlite3.Error
	if errors.As(err, &e) {
		return e.Code == sqlite3.ErrBusy || e.Code == sqlite3.ErrLocked
	}
	return err != nil && strings.Contains(err.Error(), "database is locked")
}

// discard closes the connection for good instead of returning it to the
// pool: a session lock that could not be released dies with its session.
func discard(conn *sql.Conn, err error) error {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	return err
}

// connDriver is an Ent driver over one connection. Its transactions are
// the connection's own, or, when the connection is already in the
// transaction that holds the lock (SQLite), that transaction.
type connDriver struct {
	entsql.Conn
	conn    *sql.Conn
	dialect string
	inTx    bool
}

func (d *connDriver) Dialect() string { return d.dialect }

// Close does nothing: Migrate closes the connection.
func (d *connDriver) Close() error { return nil }

func (d *connDriver) Tx(ctx context.Context) (dialect.Tx, error) {
	if d.inTx {
		return dialect.NopTx(d), nil
	}
	tx, err := d.conn.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &entsql.Tx{Conn: entsql.Conn{ExecQuerier: tx}, Tx: tx}, nil
}
