package integration

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/integration/testdb"
)

// TestSQLiteListPlans checks SQLite's plan of every statement on posts that
// an anonymous list sends (the policy adds published = ?): a list by view
// count walks the posts(published, view_count) index in order, and a text
// search reads the table rather than fetching 60% of it row by row through
// that index (3–4× slower), except for a page in the index's order, which
// stops at the page's end.
func TestSQLiteListPlans(t *testing.T) {
	if db := os.Getenv(testdb.EnvDB); db != "" && db != "sqlite" {
		t.Skip("SQLite plans are checked on SQLite")
	}
	e := newEnv(t, withSeed(seedBench))
	const index = "USING COVERING INDEX post_published_view_count (published=?)|USING INDEX post_published_view_count (published=?)"
	for _, c := range []struct {
		name, target string
		want         []string // per statement on posts, in order (rows, then count): plan details that must all be present (| separates alternatives)
	}{
		{"by view count", "/api/rest/post?filter[published]=true&sort=-viewCount&page[limit]=100",
			[]string{index, index}},
		{"a text search, page 20", "/api/rest/post?filter[title$contains]=number&page[offset]=1900&page[limit]=100",
			[]string{"SCAN posts", "SCAN posts"}},
		{"a text search by view count", "/api/rest/post?filter[title$contains]=number&sort=-viewCount&page[limit]=100",
			[]string{index, "SCAN posts"}},
		{"RPC: a case-insensitive search", "/api/rpc/post/findMany?q=" + url.QueryEscape(`{"where":{"title":{"contains":"NUMBER","mode":"insensitive"}},"take":100}`),
			[]string{"SCAN posts"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e.sql.reset()
			r := e.do(t, request{target: c.target})
			require.Equal(t, http.StatusOK, r.status, r.body)
			var plans []string
			for _, q := range e.sql.reset() {
				if strings.Contains(q.query, "FROM `posts`") {
					plans = append(plans, q.query+"\n  "+explainSQLite(t, e, q))
				}
			}
			require.Len(t, plans, len(c.want), strings.Join(plans, "\n"))
			for i, want := range c.want {
				ok := false
				for _, alt := range strings.Split(want, "|") {
					ok = ok || strings.Contains(plans[i], alt)
				}
				require.True(t, ok, "statement %d: want %q in\n%s", i+1, want, plans[i])
				require.NotContains(t, plans[i], "TEMP B-TREE", "statement %d sorts", i+1)
			}
		})
	}
}

// explainSQLite returns SQLite's query plan of q, its details joined.
func explainSQLite(t *testing.T, e *env, q statement) string {
	t.Helper()
	var rows entsql.Rows
	require.NoError(t, e.sql.Driver.Query(context.Background(), "EXPLAIN QUERY PLAN "+q.query, q.args, &rows))
	defer rows.Close()
	var details []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
		details = append(details, detail)
	}
	require.NoError(t, rows.Err())
	return strings.Join(details, "; ")
}
