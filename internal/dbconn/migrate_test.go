package dbconn_test

import (
	"context"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	_ "github.com/mattn/go-sqlite3"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/migrate"
	"github.com/entstack/entstack/ent/tag"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/internal/dbconn"
	"github.com/entstack/entstack/privacy"
)

// TestMigrateConcurrently: four servers (each its own connection pool)
// migrate one empty database at once, and each then creates a row only if
// no other did. All succeed, and the row exists once: migrations and the
// work after them ran one at a time.
func TestMigrateConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		const servers = 4
		ctx := privacy.Bypass(context.Background())
		drivers := make([]dialect.Driver, servers)
		errs := make([]error, servers)
		var start, done sync.WaitGroup
		start.Add(1)
		for i := range servers {
			drv := testdb.Open(t, dsn)
			drivers[i] = drv
			done.Add(1)
			go func() {
				defer done.Done()
				start.Wait()
				errs[i] = dbconn.Migrate(ctx, drv, func(ctx context.Context, d dialect.Driver) error {
					if err := migrate.NewSchema(d).Create(ctx); err != nil {
						return err
					}
					c := ent.NewClient(ent.Driver(d))
					n, err := c.Tag.Query().Where(tag.Name("once")).Count(ctx)
					if err != nil || n > 0 {
						return err
					}
					return c.Tag.Create().SetName("once").Exec(ctx)
				})
			}()
		}
		start.Done()
		done.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("server %d: %v", i, err)
			}
		}
		c := ent.NewClient(ent.Driver(drivers[0]))
		if n := c.Tag.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d tags, want the one the first server made", n)
		}
		// The lock is released: a later migration (a restart) takes it.
		if err := dbconn.Migrate(ctx, testdb.Open(t, dsn), func(ctx context.Context, d dialect.Driver) error {
			return migrate.NewSchema(d).Create(ctx)
		}); err != nil {
			t.Fatalf("migrating again: %v", err)
		}
	})
}

// A failed migration releases the lock, and on SQLite rolls back.
func TestMigrateFailure(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		ctx := privacy.Bypass(context.Background())
		drv := testdb.Open(t, dsn)
		boom := context.DeadlineExceeded
		err := dbconn.Migrate(ctx, drv, func(ctx context.Context, d dialect.Driver) error {
			if err := migrate.NewSchema(d).Create(ctx); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("Migrate = %v, want fn's error", err)
		}
		ok := false
		if err := dbconn.Migrate(ctx, testdb.Open(t, dsn), func(context.Context, dialect.Driver) error { ok = true; return nil }); err != nil || !ok {
			t.Fatalf("the lock after a failure: %v (fn ran: %v)", err, ok)
		}
	})
}
