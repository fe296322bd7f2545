package integration

import (
	"net/http/httptest"
	"net/url"
	"testing"
)

// TestRPCPolicy checks that every read operation sees only what the
// viewer may read (POL: post read = published || auth() == author; user
// email readable by the user and admins only): rows, relation counts,
// counts, aggregates and groups are filtered in SQL, hidden fields are
// omitted and cannot be probed.
func TestRPCPolicy(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *httptest.Server) {
		cases := []struct {
			rpcCase
			as int
		}{
			{rpcCase{name: "anonymous sees published posts", path: "post/findMany", args: `{"select":{"id":true}}`, ids: "1,2,4,6"}, 0},
			{rpcCase{name: "an author also sees their drafts", path: "post/findMany", args: `{"select":{"id":true}}`, ids: "1,2,4,5,6"}, 2},
			{rpcCase{name: "count", path: "post/count", data: `4`}, 0},
			{rpcCase{name: "aggregate", path: "post/aggregate", args: `{"_count":true,"_sum":{"viewCount":true}}`, data: `{"_count":4,"_sum":{"viewCount":562}}`}, 0},
			{rpcCase{name: "groupBy", path: "post/groupBy", args: `{"by":["authorId"],"_count":{"_all":true},"orderBy":{"authorId":"asc"}}`, data: `[{"authorId":1,"_count":{"_all":2}},{"authorId":2,"_count":{"_all":1}},{"authorId":3,"_count":{"_all":1}}]`}, 0},
			{rpcCase{name: "exists of a draft", path: "post/exists", args: `{"where":{"id":3}}`, data: `false`}, 0},
			{rpcCase{name: "findUnique of a draft", path: "post/findUnique", args: `{"where":{"id":3}}`, data: `null`}, 0},
			{rpcCase{name: "relation counts", path: "user/findMany", args: `{"select":{"id":true,"_count":{"select":{"posts":true}}}}`, data: `[{"id":1,"_count":{"posts":2}},{"id":2,"_count":{"posts":1}},{"id":3,"_count":{"posts":1}}]`}, 0},
			{rpcCase{name: "included relations", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"select":{"id":true}}}}`, data: `[{"posts":[{"id":1},{"id":2}]}]`}, 0},
			{rpcCase{name: "relation filters", path: "user/findMany", args: `{"where":{"posts":{"some":{"published":false}}},"select":{"id":true}}`, ids: ""}, 0},
			{rpcCase{name: "relation sorts", path: "user/findMany", args: `{"orderBy":[{"posts":{"_count":"desc"}},{"id":"asc"}],"select":{"id":true}}`, ids: "1,2,3"}, 0},
			{rpcCase{name: "a hidden field is omitted", path: "user/findMany", args: `{"where":{"id":{"in":[1,2]}},"select":{"id":true,"email":true}}`, data: `[{"id":1},{"id":2,"email":"bob@entstack.dev"}]`}, 2},
			{rpcCase{name: "a hidden field cannot be aggregated", path: "user/aggregate", args: `{"_min":{"email":true}}`, status: 403, msg: `"path":"_min.email"`}, 2},
			{rpcCase{name: "a hidden field cannot be counted", path: "user/count", args: `{"select":{"email":true}}`, status: 403}, 2},
			{rpcCase{name: "a hidden field cannot be grouped", path: "user/groupBy", args: `{"by":["email"]}`, status: 403, msg: `"path":"by.0"`}, 2},
			{rpcCase{name: "a hidden field cannot be made distinct", path: "user/findMany", args: `{"distinct":"email"}`, status: 403}, 0},
			{rpcCase{name: "an admin may aggregate it", path: "user/aggregate", args: `{"_min":{"email":true}}`, data: `{"_min":{"email":"ann@entstack.dev"}}`}, 1},
			{rpcCase{name: "a hidden field cannot be probed by a filter", path: "user/findMany", args: `{"where":{"email":{"startsWith":"emily"}},"select":{"id":true}}`, ids: ""}, 2},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				u := ts.URL + "/api/rpc/" + c.path
				if c.args != "" {
					u += "?q=" + url.QueryEscape(c.args)
				}
				st, b := doAs(t, c.as, "GET", u, "")
				c.check(t, st, b)
			})
		}
	})
}
