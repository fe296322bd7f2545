// Package testdb runs a test once per database entstack supports, each time on
// a fresh, empty database: SQLite always (a temporary file), PostgreSQL and
// MySQL/MariaDB when ENTSTACK_TEST_POSTGRES / ENTSTACK_TEST_MYSQL name a server
// (.ci/databases.sh starts private ones and sets them).
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/entstack/entstack/internal/dbconn"
)

// Environment variables naming the servers; their databases must let the user
// create and drop databases. With EnvRequire set to 1 (CI), a missing server
// fails the test instead of skipping it.
const (
	EnvPostgres = "ENTSTACK_TEST_POSTGRES"
	EnvMySQL    = "ENTSTACK_TEST_MYSQL"
	EnvRequire  = "ENTSTACK_TEST_REQUIRE_DBS"
)

// Each runs fn as the subtests "sqlite", "postgres" and "mysql", handing each
// the DSN (in the example server's -db form) of a database made for this call
// alone and removed when the subtest ends.
func Each(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, filepath.Join(t.TempDir(), "test.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, serverDatabase(t, EnvPostgres, "db_start_postgres", `DROP DATABASE IF EXISTS %s WITH (FORCE)`))
	})
	t.Run("mysql", func(t *testing.T) {
		fn(t, serverDatabase(t, EnvMySQL, "db_start_mariadb", `DROP DATABASE IF EXISTS %s`))
	})
}

// EnvDB selects the database Fresh hands out: sqlite (default), postgres or
// mysql. The Makefile's test target runs the integration suite once per
// database with it.
const EnvDB = "ENTSTACK_TEST_DB"

// Fresh returns the DSN of a database made for t alone, on the database
// EnvDB selects.
func Fresh(t testing.TB) string {
	t.Helper()
	return FreshOn(t, os.Getenv(EnvDB))
}

// FreshOn returns the DSN of a database made for t alone on the database of
// the kind: sqlite (or ""), postgres or mysql. A server kind whose
// environment variable is not set skips t (fails it with EnvRequire).
func FreshOn(t testing.TB, kind string) string {
	t.Helper()
	switch kind {
	case "", "sqlite":
		return filepath.Join(t.TempDir(), "test.db")
	case "postgres":
		return serverDatabase(t, EnvPostgres, "db_start_postgres", `DROP DATABASE IF EXISTS %s WITH (FORCE)`)
	case "mysql":
		return serverDatabase(t, EnvMySQL, "db_start_mariadb", `DROP DATABASE IF EXISTS %s`)
	default:
		t.Fatalf("database kind %q: want sqlite, postgres or mysql (%s)", kind, EnvDB)
		return ""
	}
}

// Open opens dsn as the example server does and closes it when t ends.
func Open(t testing.TB, dsn string) *entsql.Driver {
	t.Helper()
	drv, err := dbconn.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { drv.Close() })
	return drv
}

// serverDatabase creates a uniquely named database on the server the
// environment variable env names, drops it (dropSQL) when t ends, and returns
// the server's DSN pointed at it.
func serverDatabase(t testing.TB, env, startFunc, dropSQL string) string {
	t.Helper()
	admin := os.Getenv(env)
	if admin == "" {
		msg := fmt.Sprintf("%s not set: start a server with `source .ci/databases.sh && %s`", env, startFunc)
		if os.Getenv(EnvRequire) == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	src, err := dbconn.Parse(admin)
	if err != nil {
		t.Fatalf("%s: %v", env, err)
	}
	db, err := sql.Open(src.DriverName, src.DSN)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	name := uniqueName()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating database on %s: %v", src.Display, err)
	}
	// Registered after the Close above, so it runs first; and before fn's
	// own cleanups are registered, so it runs after them (servers closed).
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		// PostgreSQL's autovacuum may be working on the new database: FORCE
		// may not terminate it (SQLSTATE 42501), and it leaves in moments.
		var err error
		for range 20 {
			if _, err = db.ExecContext(ctx, fmt.Sprintf(dropSQL, name)); err == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
		t.Errorf("dropping database %s: %v", name, err)
	})
	u.Path = "/" + name
	return u.String()
}

// uniqueName is a database name no other test run picks: the tests of
// several packages run in parallel against the same server.
func uniqueName() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "entstack_t_" + hex.EncodeToString(b)
}
