package integration

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRestNoNPlusOne counts the SQL statements of reads with includes: one
// for the page, one for meta.total, one per included relationship
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
		{"/post?include=author,comments.author", 6, 6},
		{"/post?include=author,comments.author&sort=-author.name&filter[tags][name]=go,news", 4, 6},
		{"/post", 6, 2},
		{"/post?include=tags", 6, 3},
		{"/user?page[limit]=1", 1, 3},
		{"/user", 3, 3},
		{"/user?fields[user]=name", 3, 2}, // no relationships shown: no linkage query
		// profile is loaded for the primary users, not for comments.author
		{"/user?include=posts.comments.author,profile", 3, 7},
		// a single resource: the row and one per included relationship
		{"/post/2?include=author,comments.author", 1, 5},
		// related collection: the parent exists (1), page (1), total (1), include (1)
		{"/user/1/posts?include=comments", 3, 4},
		// relationship endpoint: the same, include paths start at the parent
		{"/post/2/relationships/comments?include=comments.author", 2, 5},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			e.sql.reset()
			// as the admin, who reads every row whatever the policies;
			// the first statement loads the signed-in user.
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			stmts := e.sql.reset()
			require.NotEmpty(t, stmts)
			require.Regexp(t, "SELECT .* FROM .users. WHERE .users.\\..id. = ", stmts[0].query, "the authentication's user load")
			stmts = stmts[1:]
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
