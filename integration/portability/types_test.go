package portability

import (
	"testing"

	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/predicate"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/resource"
)

// Booleans: SQLite and MySQL store integers (Ent declares bool/tinyint(1)),
// PostgreSQL a real boolean that refuses `= 1`. A bound Go bool and the
// TRUE literal work on all three.
func TestBooleans(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		typeQuery := byDialect(f,
			`SELECT typeof(published) FROM posts LIMIT 1`,
			`SELECT data_type FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'published'`,
			`SELECT column_type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'posts' AND column_name = 'published'`)
		got, err := f.strings(typeQuery)
		if want := byDialect(f, "integer", "boolean", "tinyint(1)"); err != nil || len(got) != 1 || got[0] != want {
			t.Errorf("published is stored as %v (%v), want %s", got, err, want)
		}
		for where, wantErr := range map[string]bool{
			`published = ?`:    false, // bound true
			`published = TRUE`: false,
			`published = 1`:    f.dialect == "postgres",
		} {
			args := []any{}
			if where == `published = ?` {
				args = append(args, true)
			}
			n, err := f.count(`SELECT count(*) FROM posts WHERE `+where, args...)
			if (err != nil) != wantErr || (err == nil && n != 3) {
				t.Errorf("%s: %d rows, error %v; want 3 rows, error %v", where, n, err, wantErr)
			}
		}
		// Ent's bare predicate and resource.FieldEQ's bound bool.
		for name, p := range map[string]predicate.Post{
			"post.Published(true)":                post.Published(true),
			`resource.FieldEQ("published", true)`: predicate.Post(resource.FieldEQ(post.FieldPublished, true)),
		} {
			if n, err := f.client.Post.Query().Where(p).Count(f.ctx); err != nil || n != 3 {
				t.Errorf("%s: %d rows (%v), want 3", name, n, err)
			}
		}
	})
}
