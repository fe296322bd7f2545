package testdb

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/internal/dbconn"
)

// TestEachGivesFreshDatabases checks that every database Each hands out is
// empty, usable by Ent, private to the call, and gone afterwards.
func TestEachGivesFreshDatabases(t *testing.T) {
	seen := map[string]string{} // dialect → DSN of the first call
	for round := range 2 {
		Each(t, func(t *testing.T, dsn string) {
			ctx := context.Background()
			drv := Open(t, dsn)
			client := ent.NewClient(ent.Driver(drv))
			if n := countTables(t, drv.Dialect(), dsn); n != 0 {
				t.Fatalf("round %d: fresh database has %d tables", round, n)
			}
			if err := client.Schema.Create(ctx); err != nil {
				t.Fatalf("creating schema: %v", err)
			}
			if n := countTables(t, drv.Dialect(), dsn); n < 6 {
				t.Fatalf("schema created %d tables, want users, posts, comments, profiles, tags, post_tags", n)
			}
			if _, err := client.User.Create().SetEmail("a@example.com").Save(ctx); err != nil {
				t.Fatalf("insert: %v", err)
			}
			if prev, ok := seen[drv.Dialect()]; ok && prev == dsn {
				t.Fatalf("round %d reused database %s", round, dsn)
			}
			seen[drv.Dialect()] = dsn
		})
	}
	// The server databases of both rounds were dropped by their cleanups.
	for _, env := range []string{EnvPostgres, EnvMySQL} {
		admin := os.Getenv(env)
		if admin == "" {
			continue
		}
		drv, err := dbconn.Open(context.Background(), admin)
		if err != nil {
			t.Fatal(err)
		}
		defer drv.Close()
		q := "SELECT datname FROM pg_database WHERE datname LIKE 'entstack\\_t\\_%'"
		if drv.Dialect() == dialect.MySQL {
			q = "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE 'entstack\\_t\\_%'"
		}
		rows, err := drv.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			rows.Scan(&name)
			for _, dsn := range seen {
				if strings.Contains(dsn, "/"+name) {
					t.Errorf("%s: database %s not dropped", env, name)
				}
			}
		}
		rows.Close()
	}
}

// countTables counts the tables of the database dsn names.
func countTables(t *testing.T, dialectName, dsn string) int {
	t.Helper()
	db := Open(t, dsn).DB()
	var q string
	switch dialectName {
	case dialect.SQLite:
		q = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
	case dialect.Postgres:
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
	case dialect.MySQL:
		u, _ := url.Parse(dsn)
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + strings.TrimPrefix(u.Path, "/") + "'"
	}
	var n int
	if err := db.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSkipsWithoutServer(t *testing.T) {
	t.Setenv(EnvPostgres, "")
	t.Setenv(EnvRequire, "")
	var skipped bool
	var msg string
	t.Run("inner", func(t *testing.T) {
		defer func() {
			skipped = t.Skipped()
		}()
		serverDatabase(t, EnvPostgres, "db_start_postgres", "")
		msg = "not skipped"
	})
	if !skipped || msg != "" {
		t.Errorf("unset %s did not skip the subtest", EnvPostgres)
	}
}
