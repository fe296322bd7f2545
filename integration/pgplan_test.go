package integration

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/integration/testdb"
)

// TestPostgresListPlans fails when a list that has an index in its order
// makes PostgreSQL sort the rows instead of walking that index: the
// benchmark's lists of published posts by view count (REST, REST with an
// include, RPC) over the posts(published, view_count) index. An explicit
// NULLS LAST on the NOT NULL view_count once cost every such request a sort
// of all the published rows (6–25× slower). An Incremental Sort, which
// only orders the rows of equal view_count by id, is fine.
func TestPostgresListPlans(t *testing.T) {
	if os.Getenv(testdb.EnvDB) != "postgres" {
		t.Skip("plans are checked on PostgreSQL (ENTSTACK_TEST_DB=postgres)")
	}
	e := newEnv(t, withSeed(seedBench))
	_, err := e.db.Exec("ANALYZE")
	require.NoError(t, err)

	for _, c := range []struct{ name, target string }{
		{"REST list", "/api/rest/post?filter[published]=true&sort=-viewCount&page[limit]=100"},
		{"REST list with author", "/api/rest/post?filter[published]=true&sort=-viewCount&page[limit]=100&include=author"},
		{"RPC findMany", "/api/rpc/post/findMany?q=" + url.QueryEscape(`{"where":{"published":true},"orderBy":{"viewCount":"desc"},"take":100,"include":{"author":true}}`)},
	} {
		t.Run(c.name, func(t *testing.T) {
			e.sql.reset()
			r := e.do(t, request{target: c.target})
			require.Equal(t, http.StatusOK, r.status, r.body)
			var checked int
			for _, q := range e.sql.reset() {
				if !strings.Contains(q.query, `FROM "posts"`) || !strings.Contains(q.query, "ORDER BY") {
					continue
				}
				checked++
				plan := explain(t, e.sql.Driver, q)
				require.NotContains(t, sortNodes(plan), "Sort", "the list sorts instead of walking the index:\n%s\n%s", q.query, plan)
			}
			require.Equal(t, 1, checked, "one ordered query of posts")
		})
	}
}

// TestPostgresLookupPlans fails when a request that names its rows (one
// post; a user's posts) makes PostgreSQL read the whole posts table rather
// than the primary key or the posts(author_id) index.
func TestPostgresLookupPlans(t *testing.T) {
	if os.Getenv(testdb.EnvDB) != "postgres" {
		t.Skip("plans are checked on PostgreSQL (ENTSTACK_TEST_DB=postgres)")
	}
	e := newEnv(t, withSeed(seedBench))
	_, err := e.db.Exec("ANALYZE")
	require.NoError(t, err)
	for _, c := range []struct {
		name, target string
		as           viewer
		checked      int // statements on posts
	}{
		{"one post", "/api/rest/post/5001", anonymous, 1},
		{"a user's posts", "/api/rest/user/1/posts", anonymous, 1}, // fewer than a page: no COUNT
		{"a user's posts, signed in", "/api/rest/user/1/posts", benchAuthor, 1},
		{"a user's first post, and the count", "/api/rest/user/1/posts?page[limit]=1", anonymous, 2},
		{"the same, signed in", "/api/rest/user/1/posts?page[limit]=1", benchAuthor, 2},
		{"RPC: a user's posts", "/api/rpc/post/findMany?q=" + url.QueryEscape(`{"where":{"authorId":1}}`), anonymous, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			e.sql.reset()
			r := e.do(t, request{target: c.target, as: c.as})
			require.Equal(t, http.StatusOK, r.status, r.body)
			var checked int
			for _, q := range e.sql.reset() {
				if !strings.Contains(q.query, `FROM "posts"`) {
					continue
				}
				checked++
				plan := explain(t, e.sql.Driver, q)
				require.NotContains(t, plan, `"Seq Scan"`, "the lookup reads the whole table:\n%s\n%s", q.query, plan)
			}
			require.Equal(t, c.checked, checked, "statements on posts")
		})
	}
}

// explain returns PostgreSQL's plan of q in JSON.
func explain(t *testing.T, drv dialect.Driver, q statement) string {
	t.Helper()
	var rows entsql.Rows
	require.NoError(t, drv.Query(context.Background(), "EXPLAIN (FORMAT JSON) "+q.query, q.args, &rows))
	defer rows.Close()
	require.True(t, rows.Next())
	var plan string
	require.NoError(t, rows.Scan(&plan))
	return plan
}

// sortNodes lists the node types of a JSON plan that sort ("Sort",
// "Incremental Sort").
func sortNodes(plan string) []string {
	var doc []struct{ Plan planNode }
	if err := json.Unmarshal([]byte(plan), &doc); err != nil || len(doc) == 0 {
		return []string{"unreadable plan"}
	}
	var out []string
	var walk func(n planNode)
	walk = func(n planNode) {
		if strings.HasSuffix(n.Type, "Sort") {
			out = append(out, n.Type)
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(doc[0].Plan)
	return out
}

type planNode struct {
	Type  string     `json:"Node Type"`
	Plans []planNode `json:"Plans"`
}
