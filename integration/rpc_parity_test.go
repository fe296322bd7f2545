package integration

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRESTAndRPCAgree asks the same questions through JSON:API and RPC:
// both parse into one resource.Plan, so the rows must be the same, in the
// same order.
func TestRESTAndRPCAgree(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ name, rest, rpc string }{
		{"filter by relation, sort desc", "/post?filter[author][name]=Emily&sort=-viewCount", `{"where":{"author":{"name":"Emily"}},"orderBy":{"viewCount":"desc"}}`},
		{"range and page", "/post?filter[viewCount$gt]=10&sort=viewCount&page[offset]=1&page[limit]=2", `{"where":{"viewCount":{"gt":10}},"orderBy":{"viewCount":"asc"},"skip":1,"take":2}`},
		{"contains", "/post?filter[title$contains]=post", `{"where":{"title":{"contains":"post"}}}`},
		{"sort through a to-one", "/post?sort=author.name,-id", `{"orderBy":[{"author":{"name":"asc"}},{"id":"desc"}]}`},
		{"equality alternatives", "/post?filter[authorId]=1,3", `{"where":{"authorId":{"in":[1,3]}}}`},
		{"related collection", "/user/1/posts?sort=-id", `{"where":{"author":{"id":1}},"orderBy":{"id":"desc"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rest := strings.Join(e.rest(t, emily, "GET", c.rest, "").ok(t).ids(t), ",")
			require.NotEmpty(t, rest)
			require.Equal(t, rest, idsOf(e.rpc(t, emily, "GET", "post/findMany", c.rpc).result(t)))
		})
	}
}
