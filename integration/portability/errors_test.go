package portability

import (
	"testing"

	"entgo.io/ent/dialect/sql/sqlgraph"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/integration/testdb"
)

// Constraint violations are recognised on all three drivers by Ent's
// helpers (they match the drivers' message texts).
func TestConstraintErrors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		tag := f.client.Tag.Create().SetName("go").SaveX(f.ctx)
		p := f.client.Post.Create().SetTitle("tagged").SetAuthor(f.alice).AddTags(tag).SaveX(f.ctx)

		_, errDupEmail := f.client.User.Create().SetEmail("alice@example.com").Save(f.ctx)
		_, errDupTag := f.client.Tag.Create().SetName("go").Save(f.ctx)
		// Adding an edge that exists is no error: Ent inserts join rows
		// with ON CONFLICT DO NOTHING (INSERT IGNORE on MySQL).
		if err := f.client.Post.UpdateOne(p).AddTags(tag).Exec(f.ctx); err != nil {
			t.Errorf("adding an existing edge: %v", err)
		}
		if n := p.QueryTags().CountX(f.ctx); n != 1 {
			t.Errorf("after adding an existing edge: %d tags, want 1", n)
		}
		_, errNoAuthor := f.client.Post.Create().SetTitle("orphan").SetAuthorID(424242).Save(f.ctx)
		errDeleteParent := f.client.User.DeleteOne(f.alice).Exec(f.ctx)

		for _, c := range []struct {
			name         string
			err          error
			unique, fkey bool
		}{
			{"duplicate user email", errDupEmail, true, false},
			{"duplicate tag name", errDupTag, true, false},
			{"post with a missing author", errNoAuthor, false, true},
			{"delete a user who has posts", errDeleteParent, false, true},
		} {
			if c.err == nil {
				t.Errorf("%s: no error", c.name)
				continue
			}
			t.Logf("%s: %v", c.name, c.err)
			if !ent.IsConstraintError(c.err) {
				t.Errorf("%s: not an ent.ConstraintError: %v", c.name, c.err)
			}
			if sqlgraph.IsUniqueConstraintError(c.err) != c.unique || sqlgraph.IsForeignKeyConstraintError(c.err) != c.fkey {
				t.Errorf("%s: unique %v foreign key %v, want %v %v: %v", c.name,
					sqlgraph.IsUniqueConstraintError(c.err), sqlgraph.IsForeignKeyConstraintError(c.err), c.unique, c.fkey, c.err)
			}
		}
	})
}
