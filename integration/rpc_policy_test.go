package integration

import (
	"testing"
)

// TestRPCPolicy checks that every read operation sees only what the
// viewer may read (POL: post read = published || auth() == author; user
// email readable by the user and admins only): rows, relation counts,
// counts, aggregates and groups are filtered in SQL, hidden fields are
// omitted and cannot be probed.
func TestRPCPolicy(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		rpcCase
		as viewer
	}{
		{rpcCase{name: "anonymous sees published posts", path: "post/findMany", args: `{"select":{"id":true}}`, ids: "1,2,4,6"}, anonymous},
		{rpcCase{name: "an author also sees their drafts", path: "post/findMany", args: `{"select":{"id":true}}`, ids: "1,2,4,5,6"}, bob},
		{rpcCase{name: "count", path: "post/count", data: `4`}, anonymous},
		{rpcCase{name: "aggregate", path: "post/aggregate", args: `{"_count":true,"_sum":{"viewCount":true}}`, data: `{"_count":4,"_sum":{"viewCount":562}}`}, anonymous},
		{rpcCase{name: "groupBy", path: "post/groupBy", args: `{"by":["authorId"],"_count":{"_all":true},"orderBy":{"authorId":"asc"}}`, data: `[{"authorId":1,"_count":{"_all":2}},{"authorId":2,"_count":{"_all":1}},{"authorId":3,"_count":{"_all":1}}]`}, anonymous},
		{rpcCase{name: "exists of a draft", path: "post/exists", args: `{"where":{"id":3}}`, data: `false`}, anonymous},
		{rpcCase{name: "findUnique of a draft", path: "post/findUnique", args: `{"where":{"id":3}}`, data: `null`}, anonymous},
		{rpcCase{name: "relation counts", path: "user/findMany", args: `{"select":{"id":true,"_count":{"select":{"posts":true}}}}`, data: `[{"id":1,"_count":{"posts":2}},{"id":2,"_count":{"posts":1}},{"id":3,"_count":{"posts":1}}]`}, anonymous},
		{rpcCase{name: "included relations", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"select":{"id":true}}}}`, data: `[{"posts":[{"id":1},{"id":2}]}]`}, anonymous},
		{rpcCase{name: "relation filters", path: "user/findMany", args: `{"where":{"posts":{"some":{"published":false}}},"select":{"id":true}}`, ids: ""}, anonymous},
		{rpcCase{name: "relation sorts", path: "user/findMany", args: `{"orderBy":[{"posts":{"_count":"desc"}},{"id":"asc"}],"select":{"id":true}}`, ids: "1,2,3"}, anonymous},
		{rpcCase{name: "a hidden field is omitted", path: "user/findMany", args: `{"where":{"id":{"in":[1,2]}},"select":{"id":true,"email":true}}`, data: `[{"id":1},{"id":2,"email":"bob@entstack.dev"}]`}, bob},
		{rpcCase{name: "a hidden field cannot be aggregated", path: "user/aggregate", args: `{"_min":{"email":true}}`, status: 403, msg: `"path":"_min.email"`}, bob},
		{rpcCase{name: "a hidden field cannot be counted", path: "user/count", args: `{"select":{"email":true}}`, status: 403}, bob},
		{rpcCase{name: "a hidden field cannot be grouped", path: "user/groupBy", args: `{"by":["email"]}`, status: 403, msg: `"path":"by.0"`}, bob},
		{rpcCase{name: "a hidden field cannot be made distinct", path: "user/findMany", args: `{"distinct":"email"}`, status: 403}, anonymous},
		{rpcCase{name: "an admin may aggregate it", path: "user/aggregate", args: `{"_min":{"email":true}}`, data: `{"_min":{"email":"ann@entstack.dev"}}`}, emily},
		{rpcCase{name: "a hidden field cannot be probed by a filter", path: "user/findMany", args: `{"where":{"email":{"startsWith":"emily"}},"select":{"id":true}}`, ids: ""}, bob},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, e.rpc(t, c.as, "GET", c.path, c.args))
		})
	}
}
