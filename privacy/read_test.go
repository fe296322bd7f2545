package privacy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	entprivacy "entgo.io/ent/privacy"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/comment"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/tag"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// POL-SEM-04, POL-SEM-05: every viewer sees exactly the rows the read rules
// admit, through queries, counts, Get, aggregates and groupBy.
func TestReadFilteredPerViewer(t *testing.T) {
	f := setup(t)
	type want struct {
		posts    []int // ids, by id
		comments int
		users    int
		profiles int
		tags     int
	}
	wants := map[string]want{
		"anonymous": {posts: []int{f.alicePub.ID}, comments: 1, users: 3, profiles: 1, tags: 2},
		"alice":     {posts: []int{f.alicePub.ID, f.aliceDraft.ID}, comments: 2, users: 3, profiles: 1, tags: 2},
		"bob":       {posts: []int{f.alicePub.ID, f.bobDr.ID}, comments: 1, users: 3, profiles: 1, tags: 2},
		"admin":     {posts: []int{f.alicePub.ID, f.aliceDraft.ID, f.bobDr.ID}, comments: 1, users: 3, profiles: 1, tags: 2},
	}
	for _, v := range viewers {
		t.Run(v.name, func(t *testing.T) {
			ctx, w := as(v.user(f)), wants[v.name]
			c := f.client
			require.Equal(t, w.posts, postIDs(c.Post.Query().Order(post.ByID()).AllX(ctx)))
			require.Equal(t, len(w.posts), c.Post.Query().CountX(ctx))
			require.Equal(t, w.comments, c.Comment.Query().CountX(ctx), "comments follow their post")
			require.Equal(t, w.users, c.User.Query().CountX(ctx))
			require.Equal(t, w.profiles, c.Profile.Query().CountX(ctx))
			require.Equal(t, w.tags, c.Tag.Query().CountX(ctx))

			// Get of an unreadable row is not found.
			_, err := c.Post.Get(ctx, f.bobDr.ID)
			require.Equal(t, contains(w.posts, f.bobDr.ID), err == nil, "Get(bob's draft): %v", err)
			if err != nil {
				require.True(t, ent.IsNotFound(err), "got %v", err)
			}

			// Aggregates and groupBy see the same rows (SUM(view_count)).
			sum := 0
			for _, id := range w.posts {
				sum += map[int]int{f.alicePub.ID: 10, f.aliceDraft.ID: 5, f.bobDr.ID: 1}[id]
			}
			got, err := c.Post.Query().Aggregate(ent.Sum(post.FieldViewCount)).Int(ctx)
			require.NoError(t, err)
			require.Equal(t, sum, got)
			var groups []struct {
				Published bool `json:"published"`
				Count     int  `json:"count"`
			}
			require.NoError(t, c.Post.Query().GroupBy(post.FieldPublished).Aggregate(ent.Count()).Scan(ctx, &groups))
			n := 0
			for _, g := range groups {
				n += g.Count
			}
			require.Equal(t, len(w.posts), n)
		})
	}
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// POL-SEM-05: the policy is in the SQL, and booleans are compared with
// `= ?` (a bare `WHERE published` keeps SQLite off the index). An admin's
// filter folds away entirely, an anonymous one to the published test.
func TestReadPredicateIsSQL(t *testing.T) {
	f := setup(t)
	cases := []struct {
		viewer  *ent.User
		want    string
		wantNot []string
	}{
		{nil, "`posts`.`published` = ?", []string{"author_id` = ?", "OR"}},
		{f.bob, "`posts`.`published` = ? OR `posts`.`author_id` = ?", nil},
		{f.admin, "FROM `posts`", []string{"WHERE"}},
	}
	for _, tc := range cases {
		f.sql.reset()
		f.client.Post.Query().AllX(as(tc.viewer))
		q := f.sql.reset()
		require.Len(t, q, 1)
		require.Contains(t, q[0], tc.want)
		for _, s := range tc.wantNot {
			require.NotContains(t, q[0], s)
		}
	}
}

// Conditions through the same relation share one sub-select: Comment's
// `post.published || auth() == post.author` reads posts once.
func TestRelationConditionsShareASubSelect(t *testing.T) {
	f := setup(t)
	f.client.Comment.Query().AllX(as(f.bob))
	q := f.sql.reset()
	require.Len(t, q, 1)
	require.Equal(t, 1, strings.Count(q[0], "FROM `posts`"), "%s", q[0])
	require.Contains(t, q[0], "`posts`.`published` = ? OR `posts`.`author_id` = ?")
}

// POL-SEM-06: eager loads are filtered by the child's read rule, in SQL,
// one query per level (no N+1), M2M included (ent/ent#2827).
func TestEagerLoadsAreFiltered(t *testing.T) {
	f := setup(t)

	// O2M: Bob loads Alice with her posts; her draft must not leak.
	a := f.client.User.Query().Where(user.ID(f.alice.ID)).WithPosts().OnlyX(as(f.bob))
	require.Equal(t, []int{f.alicePub.ID}, postIDs(a.Edges.Posts))
	q := f.sql.reset()
	require.Len(t, q, 2, "one query per level: %q", q)
	require.Contains(t, q[1], "`posts`.`author_id` IN")
	require.Contains(t, q[1], "`posts`.`published` = ?")

	// M2M, both directions: the go tag's posts for anonymous are the
	// published one only; Alice's draft's tags are visible to Alice.
	g := f.client.Tag.Query().Where(tag.ID(f.goTag.ID)).WithPosts().OnlyX(as(nil))
	require.Equal(t, []int{f.alicePub.ID}, postIDs(g.Edges.Posts))
	q = f.sql.reset()
	require.Len(t, q, 2, "%q", q)
	require.Contains(t, q[1], "`post_tags`")
	require.Contains(t, q[1], "`posts`.`published` = ?")
	d := f.client.Post.Query().Where(post.ID(f.aliceDraft.ID)).WithTags().OnlyX(as(f.alice))
	require.Len(t, d.Edges.Tags, 1)

	// M2O: comments with their post; nested: posts → comments.
	cs := f.client.Comment.Query().WithPost().AllX(as(f.bob))
	require.Len(t, cs, 1)
	require.Equal(t, f.alicePub.ID, cs[0].Edges.Post.ID)
	ps := f.client.Post.Query().Order(post.ByID()).WithComments().AllX(as(f.alice))
	require.Len(t, ps, 2)
	require.Len(t, ps[0].Edges.Comments, 1)
	require.Len(t, ps[1].Edges.Comments, 1)

	// All users with all their posts, anonymous: one published post in all.
	n := 0
	for _, u := range f.client.User.Query().WithPosts().AllX(as(nil)) {
		n += len(u.Edges.Posts)
	}
	require.Equal(t, 1, n)
}

// Traversals (QueryX) run the target's query, hence its policy.
func TestTraversalsAreFiltered(t *testing.T) {
	f := setup(t)
	require.Equal(t, []int{f.alicePub.ID}, postIDs(f.alice.QueryPosts().AllX(as(f.bob))))
	require.Equal(t, []int{f.alicePub.ID}, postIDs(f.goTag.QueryPosts().AllX(as(nil))))
	require.Equal(t, 0, f.aliceDraft.QueryComments().CountX(as(f.bob)))
	require.Equal(t, 1, f.aliceDraft.QueryComments().CountX(as(f.alice)))
	// A where on a relation is a raw sub-select: ReadScope is what the API
	// ANDs into it (here: Bob counts comments whose post is a draft).
	scope := f.client.Resources()
	m, ok := scope.ModelByName("Post")
	require.True(t, ok)
	rs := m.Ops().ReadScope(as(f.bob))
	require.NotNil(t, rs)
	n := f.client.Comment.Query().Where(comment.HasPostWith(post.Published(false), rs)).CountX(sys)
	require.Equal(t, 0, n, "Bob cannot see Alice's draft, so not its comments either")
	require.Nil(t, m.Ops().ReadScope(as(f.admin)), "admin: unrestricted")
	require.Nil(t, m.Ops().ReadScope(sys), "bypass: unrestricted")
}

// Trusted code bypasses everything with Ent's decision context; an explicit
// Deny decision fails every query and mutation.
func TestDecisionContext(t *testing.T) {
	f := setup(t)
	require.Equal(t, 3, f.client.Post.Query().CountX(sys))
	_, err := f.client.User.Create().SetEmail("root@x").SetRole(user.RoleADMIN).Save(sys)
	require.NoError(t, err, "bypass may create an admin")
	deny := entprivacy.DecisionContext(as(f.admin), entprivacy.Deny)
	_, err = f.client.Post.Query().All(deny)
	require.True(t, errors.Is(err, entprivacy.Deny), "got %v", err)
	err = f.client.Tag.Create().SetName("x").Exec(deny)
	require.True(t, errors.Is(err, entprivacy.Deny), "got %v", err)
	// The bypass reaches eager loads and field rules too.
	u := f.client.User.Query().Where(user.ID(f.bob.ID)).WithPosts().OnlyX(sys)
	require.Equal(t, "bob@x", u.Email)
	require.Len(t, u.Edges.Posts, 1)
}

// POL-SEM-12: User.email is readable by its owner and admins only; others
// get the user without it, in plain Go (zeroed) and for the API writers
// (hidden bit), eager loads included.
func TestFieldReadRule(t *testing.T) {
	f := setup(t)
	email := func(ctx context.Context, id int) string {
		return f.client.User.GetX(ctx, id).Email
	}
	require.Equal(t, "alice@x", email(as(f.alice), f.alice.ID))
	require.Equal(t, "alice@x", email(as(f.admin), f.alice.ID))
	require.Equal(t, "", email(as(f.bob), f.alice.ID))
	require.Equal(t, "", email(as(nil), f.alice.ID))
	require.Equal(t, "Alice", *f.client.User.GetX(as(nil), f.alice.ID).Name, "other fields stay")

	p := f.client.Post.Query().Where(post.ID(f.alicePub.ID)).WithAuthor().OnlyX(as(f.bob))
	require.Equal(t, "", p.Edges.Author.Email, "eager-loaded author is masked too")
	p = f.client.Post.Query().Where(post.ID(f.alicePub.ID)).WithAuthor().OnlyX(as(f.alice))
	require.Equal(t, "alice@x", p.Edges.Author.Email)

	// The API writers omit the field: the row reports it hidden.
	reg := f.client.Resources()
	m, _ := reg.ModelByName("User")
	q := m.Ops().Query(as(f.bob))
	rows, err := q.All(as(f.bob))
	require.NoError(t, err)
	hidden := 0
	for _, r := range rows {
		if r.Hidden(emailIndex(t, m.Fields())) {
			hidden++
		}
	}
	require.Equal(t, 2, hidden, "Bob sees his own email only")

	// Raw scans of a guarded column cannot be masked per row: they fail
	// closed; other columns scan as usual.
	_, err = f.client.User.Query().Select(user.FieldEmail).Strings(as(f.bob))
	pe := requireDenied(t, err, "User", privacy.OpRead)
	require.Equal(t, user.FieldEmail, pe.Field)
	_, err = f.client.User.Query().GroupBy(user.FieldEmail).Strings(as(f.bob))
	requireDenied(t, err, "User", privacy.OpRead)
	names, err := f.client.User.Query().Select(user.FieldRole).Strings(as(f.bob))
	require.NoError(t, err)
	require.Len(t, names, 3)
	require.Len(t, f.client.User.Query().Select(user.FieldEmail).StringsX(sys), 3, "bypass scans anything")
}

func emailIndex(t *testing.T, fs []*resource.Field) int {
	t.Helper()
	for i, fl := range fs {
		if fl.Name() == "email" {
			return i
		}
	}
	t.Fatal("no email field")
	return -1
}
