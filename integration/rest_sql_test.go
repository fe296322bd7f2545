package integration

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
)

// TestRestNoNPlusOne counts the SQL statements of reads with includes: one
// for the page, one for meta.total when the page is full (a page that ends
// early tells the total), one per included relationship
// (author, comments, comments.author) and one for the linkage of user.profile
// (the non-owning side of a one-to-one: no foreign key on the user rows)
// when users are in the document, whatever the page size.
func TestRestNoNPlusOne(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path  string
		rows  int
		stmts int
	}{
		{"/post?include=author,comments.author&page[limit]=1", 1, 6},
		{"/post?include=author,comments.author&page[limit]=3", 3, 6},
		{"/post?include=author,comments.author", 6, 5},
		{"/post?include=author,comments.author&sort=-author.name&filter[tags][name]=go,news", 4, 5},
		{"/post", 6, 1},
		{"/post?include=tags", 6, 2},
		{"/user?page[limit]=1", 1, 3},
		{"/user", 3, 2},
		{"/user?fields[user]=name", 3, 1}, // no relationships shown: no linkage query
		// profile is loaded for the primary users, not for comments.author
		{"/user?include=posts.comments.author,profile", 3, 6},
		// a single resource: the row and one per included relationship
		{"/post/2?include=author,comments.author", 1, 5},
		// related collection: the parent exists (1), page (1), include (1)
		{"/user/1/posts?include=comments", 3, 3},
		{"/user/1/posts?include=comments&page[limit]=3", 3, 4}, // and the total
		// relationship endpoint: the same, include paths start at the parent
		{"/post/2/relationships/comments?include=comments.author", 2, 4},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e.sql.reset()
			// as the admin, who reads every row whatever the policies;
			// one statement loads the signed-in user, when a rule first
			// reads auth().role: the first on posts, whose read rule
			// does; later on users, which every viewer reads.
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			stmts := e.sql.reset()
			load := regexp.MustCompile("^SELECT .* FROM .users. WHERE .users.\\..id. = \\S+ LIMIT 2$")
			i := slices.IndexFunc(stmts, func(s statement) bool { return load.MatchString(s.query) })
			require.GreaterOrEqual(t, i, 0, "the viewer's load: statements:\n%s", stmts)
			stmts = slices.Delete(stmts, i, i+1)
			if r.Data[0] == '[' {
				require.Len(t, r.list(t), tt.rows)
			}
			require.Len(t, stmts, tt.stmts, "statements:\n%s", stmts)
		})
	}
}

func TestSQLLogSeesStatements(t *testing.T) {
	// the counter itself must count: a plain fetch is at least one SELECT.
	e := newEnv(t)
	e.sql.reset()
	e.rest(t, anonymous, "GET", "/post/1", "").ok(t)
	stmts := e.sql.reset()
	require.Len(t, stmts, 1, fmt.Sprint(stmts))
	require.Contains(t, stmts[0].query, "SELECT")
}

// TestRestIncludeChainStatements: a full page of 100 posts with
// include=comments.author is one statement per level (the total, the page,
// the comments, their authors, the authors' profile linkage), not one per
// post or per comment.
func TestRestIncludeChainStatements(t *testing.T) {
	e := newEnv(t, withSeed(seedCommented))
	for _, c := range []struct {
		as    viewer
		stmts int
	}{
		{anonymous, 5},
		{benchAuthor, 6}, // + the signed-in user's load
	} {
		t.Run(c.as.String(), func(t *testing.T) {
			e.sql.reset()
			r := e.rest(t, c.as, "GET", "/post?include=comments.author&page[limit]=100", "").ok(t)
			stmts := e.sql.reset()
			require.Len(t, r.list(t), 100)
			require.Len(t, stmts, c.stmts, "statements:\n%s", stmts)
		})
	}
}

// seedCommented makes 20 users and 150 published posts with 3 comments
// each, by different users.
func seedCommented(ctx context.Context, c *ent.Client) error {
	users := make([]*ent.UserCreate, 20)
	for i := range users {
		users[i] = c.User.Create().SetEmail(fmt.Sprintf("u%d@chain.local", i+1))
	}
	if err := c.User.CreateBulk(users...).Exec(ctx); err != nil {
		return err
	}
	posts := make([]*ent.PostCreate, 150)
	for i := range posts {
		posts[i] = c.Post.Create().SetTitle(fmt.Sprintf("post %d", i+1)).SetPublished(true).SetAuthorID(i%20 + 1)
	}
	if err := c.Post.CreateBulk(posts...).Exec(ctx); err != nil {
		return err
	}
	comments := make([]*ent.CommentCreate, 0, 450)
	for i := range 450 {
		comments = append(comments, c.Comment.Create().SetContent("c").SetPostID(i/3+1).SetAuthorID(i%20+1))
	}
	return c.Comment.CreateBulk(comments...).Exec(ctx)
}
