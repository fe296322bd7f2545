package integration

import (
	"net/http"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"
)

// TestWriteStatements: the statements a single-row write issues as a
// signed-in author, in both APIs, statement by statement. Post's rules
// read auth().role. A read or delete that filters or guards posts in SQL
// loads the viewer once (users); a create decided in Go by auth() ==
// author does not (privacy.Deferred), nor does an update: its rules read
// auth().role in SQL, in a sub-select of the viewer's row
// (privacy.ViewerCond), and its read-back is decided in Go on the row
// (resource.ReadSaved). Comment's rules only compare auth()'s id. An
// update is one UPDATE with the update rules in its WHERE (no existence
// or policy counts first, no re-select), then the read-back; a delete is
// one DELETE with the delete and read rules in its WHERE (and a second one
// without the read rule for a row the viewer may delete but not read: 403
// cannot-read-back).
// (Before: REST update post 6, then 3, update comment 5, delete post 4,
// create post 3; RPC update post 7, then 3, delete post 5, create post 5.)
func TestWriteStatements(t *testing.T) {
	e := newEnv(t)
	createPost := []string{
		// The create rule is checked on the values: auth() == author
		// needs only the token's id, so the viewer is not loaded (the
		// admin rule, which reads auth().role, is not needed).
		"INSERT INTO `posts`",
		// No read-back on SQLite and PostgreSQL: the read rule (published
		// || author == auth()) is decided in Go on the row Ent returned
		// (resource.ReadSaved), which SQLite stores as it is, and
		// PostgreSQL too, the creation time truncated to microseconds
		// before the INSERT (resource.MicrosecondTimes).
	}
	rpcCreatePost := []string{
		"SELECT `users`.", // authorId: the author must be readable (connect's path)
		"SELECT `users`.", // the viewer, for the read rules of User's fields on that row
		"INSERT INTO `posts`",
	}
	if e.sql.Dialect() == dialect.MySQL {
		// MariaDB truncates the creation time to its column's precision
		// (MySQL rounds it): the answer is the row as stored, read back
		// and decided in Go, as an update's is.
		createPost = append(createPost, "SELECT `posts`.")
		rpcCreatePost = append(rpcCreatePost, "SELECT `posts`.") // the viewer is loaded already
	}
	// A write that is one INSERT, UPDATE or DELETE runs without a
	// transaction of its own (the database runs a statement atomically);
	// RPC's writes open one for their nested writes.
	transactions := map[string]int{
		"RPC update post": 1, "RPC create post": 1, "RPC delete post": 1,
		"REST update post as trusted code": 1, // Ent's UpdateOne: UPDATE and re-select in one
	}
	for _, c := range []struct {
		name  string
		send  func() *response
		stmts []string // the start of each statement, in order
	}{
		{"REST update post", func() *response {
			return e.rest(t, bob, "PATCH", "/post/4", `{"data":{"type":"post","id":"4","attributes":{"title":"t"}}}`)
		}, []string{
			"UPDATE `posts`",  // WHERE id = 4 AND (author_id = 2 OR EXISTS (SELECT 1 FROM users WHERE id = 2 AND role = 'ADMIN'))
			"SELECT `posts`.", // the read-back: published || author == auth() holds in Go
		}},
		{"REST update comment", func() *response {
			return e.rest(t, bob, "PATCH", "/comment/5", `{"data":{"type":"comment","id":"5","attributes":{"content":"c"}}}`)
		}, []string{
			"UPDATE `comments`",  // WHERE id = 5 AND author_id = 2
			"SELECT `comments`.", // the read-back
		}},
		{"RPC update post", func() *response {
			return e.rpc(t, bob, "PUT", "post/update", `{"where":{"id":4},"data":{"title":"u"}}`)
		}, []string{
			"UPDATE `posts`",  // no look-up of the row first: the where is its id
			"SELECT `posts`.", // the read-back
		}},
		{"REST create post", func() *response {
			return e.rest(t, bob, "POST", "/post", `{"data":{"type":"post","attributes":{"title":"n","authorId":2}}}`)
		}, createPost},
		{"RPC create post", func() *response {
			return e.rpc(t, bob, "POST", "post/create", `{"data":{"title":"n","authorId":2}}`)
		}, rpcCreatePost},
		{"REST delete post", func() *response {
			return e.rest(t, bob, "DELETE", "/post/7", "")
		}, []string{
			"SELECT `users`",      // the viewer
			"DELETE FROM `posts`", // WHERE id = 7 AND (published OR author_id = 2) AND author_id = 2
		}},
		{"RPC delete post", func() *response {
			return e.rpc(t, bob, "DELETE", "post/delete", `{"where":{"id":8}}`)
		}, []string{
			"SELECT `users`",      // the viewer
			"SELECT `posts`.",     // the row, which the answer is
			"DELETE FROM `posts`", // as REST's
		}},
		{"REST update post as trusted code", func() *response {
			return e.rest(t, system, "PATCH", "/post/4", `{"data":{"type":"post","id":"4","attributes":{"title":"s"}}}`)
		}, []string{
			"UPDATE `posts`", // no policy to narrow by: Ent's UpdateOne,
			"SELECT `id`",    // whose re-select is the answer (no read-back)
		}},
		// Only a write that changes no row queries again, to explain why.
		{"REST update of a post Bob reads but may not update: 403", func() *response {
			return e.rest(t, bob, "PATCH", "/post/1", `{"data":{"type":"post","id":"1","attributes":{"title":"b"}}}`)
		}, []string{
			"UPDATE `posts`",               // changes nothing
			"SELECT `users`",               // the viewer, for the read rule
			"SELECT COUNT(*) FROM `posts`", // does the update rule hold? no
			"SELECT COUNT(*) FROM `posts`", // is the row readable? yes: 403
		}},
		{"REST update of a post Bob may neither read nor update: 404", func() *response {
			return e.rest(t, bob, "PATCH", "/post/3", `{"data":{"type":"post","id":"3","attributes":{"title":"b"}}}`)
		}, []string{
			"UPDATE `posts`",
			"SELECT `users`",
			"SELECT COUNT(*) FROM `posts`",
			"SELECT COUNT(*) FROM `posts`", // not readable: 404
		}},
		// A delete is decided by the delete rules alone. Emily's post 1 is
		// made a draft first, behind the API's back: Bob's comment 1 on it
		// is then readable by neither Bob nor Ann.
		{"REST delete of a comment Ann may neither read nor delete: 404", func() *response {
			e.client.Post.UpdateOneID(1).SetPublished(false).ExecX(e.ctx())
			e.sql.reset()
			return e.rest(t, ann, "DELETE", "/comment/1", "")
		}, []string{
			"DELETE FROM `comments`",          // WHERE id = 1 AND (read rule) AND author_id = 3: none
			"SELECT COUNT(*) FROM `comments`", // is the row readable? no
			"SELECT COUNT(*) FROM `comments`", // may Ann delete it? no: 404
		}},
		{"REST delete of a comment Bob may delete but not read: 403", func() *response {
			return e.rest(t, bob, "DELETE", "/comment/1", "")
		}, []string{
			"DELETE FROM `comments`",          // none
			"SELECT COUNT(*) FROM `comments`", // is the row readable? no
			"SELECT COUNT(*) FROM `comments`", // may Bob delete it? yes
			"DELETE FROM `comments`",          // WHERE id = 1 AND author_id = 2; then 403 cannot-read-back
		}},
		{"REST delete of a comment Bob reads but may not delete: 403", func() *response {
			return e.rest(t, bob, "DELETE", "/comment/2", "")
		}, []string{
			"DELETE FROM `comments`",
			"SELECT COUNT(*) FROM `comments`", // is the row readable? yes: the rule (403)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e.sql.reset()
			r := c.send()
			txs := e.sql.transactions()
			stmts := e.sql.reset()
			switch {
			case strings.HasSuffix(c.name, ": 403"):
				require.Equal(t, http.StatusForbidden, r.status, r.body)
			case strings.HasSuffix(c.name, ": 404"):
				require.Equal(t, http.StatusNotFound, r.status, r.body)
			default:
				require.Contains(t, []int{http.StatusOK, http.StatusCreated, http.StatusNoContent}, r.status, r.body)
			}
			require.Len(t, stmts, len(c.stmts), "statements:\n%s", stmts)
			for i, s := range stmts {
				q := strings.NewReplacer(`"`, "`").Replace(s.query) // PostgreSQL quotes with "
				require.True(t, strings.HasPrefix(q, c.stmts[i]), "statement %d: %s, want %s…", i, s.query, c.stmts[i])
			}
			require.Equal(t, transactions[c.name], txs, "transactions")
		})
	}
}

// TestUpdateUnchanged: an update that changes no value succeeds (MySQL
// reports such an UPDATE as affecting no row), and one the rules reject
// stays rejected whatever it changes.
func TestUpdateUnchanged(t *testing.T) {
	e := newEnv(t)
	body := `{"data":{"type":"post","id":"4","attributes":{"title":"same"}}}`
	e.rest(t, bob, "PATCH", "/post/4", body).ok(t)
	e.rest(t, bob, "PATCH", "/post/4", body).ok(t)
	e.rest(t, bob, "PATCH", "/post/4", `{"data":{"type":"post","id":"4"}}`).ok(t)
	e.rpc(t, bob, "PUT", "post/update", `{"where":{"id":4},"data":{"title":"same"}}`).result(t)
	e.rpc(t, bob, "PUT", "post/update", `{"where":{"id":4},"data":{}}`).result(t)

	// Bob reads Emily's post 1 but may not update it: 403, changed or not.
	e.rest(t, bob, "PATCH", "/post/1", `{"data":{"type":"post","id":"1"}}`).fails(t, http.StatusForbidden)
	e.rpc(t, bob, "PUT", "post/update", `{"where":{"id":1},"data":{}}`).rpcFails(t, http.StatusForbidden)
	// Post 3 is Emily's draft: neither readable nor updatable, as missing.
	e.rest(t, bob, "PATCH", "/post/3", `{"data":{"type":"post","id":"3"}}`).fails(t, http.StatusNotFound)
	e.rest(t, bob, "PATCH", "/post/99", `{"data":{"type":"post","id":"99"}}`).fails(t, http.StatusNotFound)
}
