package privacy_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/privacy"
)

// The viewer set by id (a verified token) is loaded only when a rule needs
// more of auth() than its id, once per context, under bypass.
func TestViewerIDLoadsLazily(t *testing.T) {
	f := setup(t)
	ctx := ent.WithViewerID(context.Background(), f.bob.ID)
	userLoads := func(stmts []string) int {
		n := 0
		for _, s := range stmts {
			if strings.Contains(s, "FROM `users` WHERE `users`.`id` = ?") {
				n++
			}
		}
		return n
	}

	// Comment's rules use auth()'s id only: no user query.
	require.Len(t, f.client.Comment.Query().AllX(ctx), 1)
	stmts := f.sql.reset()
	require.Len(t, stmts, 1, "%q", stmts)
	require.Zero(t, userLoads(stmts))

	// Post's read rule asks auth().role: the user is loaded first, once.
	require.Equal(t, []int{f.alicePub.ID, f.bobDr.ID}, postIDs(f.client.Post.Query().Order(ent.Asc("id")).AllX(ctx)))
	require.Len(t, f.client.Post.Query().AllX(ctx), 2)
	stmts = f.sql.reset()
	require.Equal(t, 1, userLoads(stmts), "%q", stmts)
	require.Len(t, stmts, 3)

	// A new request loads again: a role changed meanwhile is seen.
	f.client.User.UpdateOne(f.bob).SetRole("ADMIN").ExecX(sys)
	require.Len(t, f.client.Post.Query().AllX(ent.WithViewerID(context.Background(), f.bob.ID)), 3)
	require.Len(t, f.client.Post.Query().AllX(ctx), 2, "the first request keeps the role it loaded")

	id, ok := ent.ViewerID(ctx)
	require.True(t, ok)
	require.Equal(t, f.bob.ID, id)
	_, ok = ent.ViewerID(context.Background())
	require.False(t, ok)
}

// A viewer of another type is not an anonymous request: every policy
// fails closed on it.
func TestViewerOfAnotherTypeFailsClosed(t *testing.T) {
	f := setup(t)
	ctx := privacy.WithViewer(context.Background(), privacy.NewViewer[int64, *ent.User](int64(f.bob.ID)))
	_, err := f.client.Post.Query().All(ctx)
	require.ErrorContains(t, err, "the context's viewer is a *privacy.Viewer[int64,")
	_, err = f.client.Tag.Query().All(ctx)
	require.Error(t, err, "Tag's read rule is `true`, and still the viewer is refused")
	err = f.client.Tag.Create().SetName("x").Exec(ctx)
	require.Error(t, err)

	// A user that does not exist keeps its id; every other field is null.
	ghost := ent.WithViewerID(context.Background(), 999)
	require.Len(t, f.client.Post.Query().AllX(ghost), 1, "published only")
	require.NoError(t, f.client.Tag.Create().SetName("by-ghost").Exec(ghost), "auth() != null holds")
}

// A decision made in Go loads the viewer's entity only when a rule that
// reads it is reached: a create by its author needs only auth()'s id;
// anyone else's create reaches the admin rule (auth().role) and loads the
// user, which decides it. Queries that filter in SQL still load it first.
// Updates do not: their rules read auth().role in SQL.
func TestDecisionsByIDLoadTheViewerOnlyWhenNeeded(t *testing.T) {
	f := setup(t)
	userLoads := func() int {
		n := 0
		for _, s := range f.sql.reset() {
			if strings.Contains(s, "FROM `users` WHERE `users`.`id` = ?") {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		name    string
		viewer  *ent.User
		run     func(ctx context.Context) error
		allowed bool
		loads   int
	}{
		{"Bob creates his own post", f.bob, func(ctx context.Context) error {
			return f.client.Post.Create().SetTitle("mine").SetAuthorID(f.bob.ID).Exec(ctx)
		}, true, 0},
		{"Bob creates a post as Alice", f.bob, func(ctx context.Context) error {
			return f.client.Post.Create().SetTitle("hers").SetAuthorID(f.alice.ID).Exec(ctx)
		}, false, 1},
		{"the admin creates a post as Alice", f.admin, func(ctx context.Context) error {
			return f.client.Post.Create().SetTitle("by the admin").SetAuthorID(f.alice.ID).Exec(ctx)
		}, true, 1},
		{"Bob reads the tags (read: true)", f.bob, func(ctx context.Context) error {
			_, err := f.client.Tag.Query().All(ctx)
			return err
		}, true, 0},
		{"Bob reads the posts (the admin rule in SQL)", f.bob, func(ctx context.Context) error {
			_, err := f.client.Post.Query().All(ctx)
			return err
		}, true, 1},
		// Update rules read auth().role in a sub-select of the viewer's
		// row (privacy.ViewerCond): the UPDATE decides it.
		{"Bob updates his posts (his draft, the one created above)", f.bob, updated(f, f.bob, 2), true, 0},
		{"Bob updates Alice's posts: none", f.bob, updated(f, f.alice, 0), true, 0},
		{"the admin updates Alice's posts (hers, the admin's above)", f.admin, updated(f, f.alice, 3), true, 0},
		{"Bob updates his post with Ent's UpdateOne, which checks the read rule first", f.bob, func(ctx context.Context) error {
			return f.client.Post.UpdateOneID(f.bobDr.ID).SetTitle("one").Exec(ctx)
		}, true, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			f.sql.reset()
			err := c.run(ent.WithViewerID(context.Background(), c.viewer.ID))
			if c.allowed {
				require.NoError(t, err)
			} else {
				requireDenied(t, err, "Post", privacy.OpCreate)
			}
			require.Equal(t, c.loads, userLoads())
		})
	}
}

// updated returns a bulk update of the posts of author that fails unless
// it changes want of them.
func updated(f *fixture, author *ent.User, want int) func(context.Context) error {
	return func(ctx context.Context) error {
		n, err := f.client.Post.Update().Where(post.AuthorID(author.ID)).SetTitle("renamed").Save(ctx)
		if err == nil && n != want {
			err = fmt.Errorf("updated %d posts, want %d", n, want)
		}
		return err
	}
}
