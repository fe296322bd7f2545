package integration

import (
	"testing"
)

func TestRPCReads(t *testing.T) {
	e := newEnv(t)
	cases := []rpcCase{
		// RPC-OP-05 findMany, RPC-WHERE-01..11
		{name: "RPC-OP-05 all", path: "post/findMany", ids: "1,2,3,4,5,6"},
		{name: "RPC-WHERE-01 implicit equals", path: "post/findMany", args: `{"where":{"published":false}}`, ids: "3,5"},
		{name: "RPC-WHERE-01 keys are ANDed", path: "post/findMany", args: `{"where":{"published":true,"authorId":1}}`, ids: "1,2"},
		{name: "RPC-WHERE-02 equals", path: "post/findMany", args: `{"where":{"viewCount":{"equals":15}}}`, ids: "4"},
		{name: "RPC-WHERE-02 not value", path: "post/findMany", args: `{"where":{"authorId":{"not":1}}}`, ids: "4,5,6"},
		{name: "RPC-WHERE-02 not nested", path: "post/findMany", args: `{"where":{"title":{"not":{"contains":"draft","mode":"insensitive"}}}}`, ids: "1,2,4,6"},
		{name: "RPC-WHERE-03 in", path: "post/findMany", args: `{"where":{"id":{"in":[2,4,99]}}}`, ids: "2,4"},
		{name: "RPC-WHERE-03 notIn", path: "post/findMany", args: `{"where":{"id":{"notIn":[2,4]}}}`, ids: "1,3,5,6"},
		{name: "RPC-WHERE-03 in empty", path: "post/findMany", args: `{"where":{"id":{"in":[]}}}`, ids: ""},
		{name: "RPC-WHERE-04 lt", path: "post/findMany", args: `{"where":{"viewCount":{"lt":15}}}`, ids: "3,5"},
		{name: "RPC-WHERE-04 lte", path: "post/findMany", args: `{"where":{"viewCount":{"lte":15}}}`, ids: "3,4,5"},
		{name: "RPC-WHERE-04 gt", path: "post/findMany", args: `{"where":{"viewCount":{"gt":120}}}`, ids: "2"},
		{name: "RPC-WHERE-04 gte", path: "post/findMany", args: `{"where":{"viewCount":{"gte":120}}}`, ids: "1,2"},
		{name: "RPC-WHERE-04 between", path: "post/findMany", args: `{"where":{"viewCount":{"between":[15,120]}}}`, ids: "1,4,6"},
		{name: "RPC-WHERE-04 dates", path: "post/findMany", args: `{"where":{"createdAt":{"gte":"2026-01-05T00:00:00.000Z"}}}`, ids: "4,5,6"},
		{name: "RPC-WHERE-04 strings", path: "user/findMany", args: `{"where":{"email":{"lt":"c"}}}`, ids: "2,3"},
		{name: "RPC-WHERE-05 contains is case-sensitive", path: "post/findMany", args: `{"where":{"title":{"contains":"draft"}}}`, ids: "5"},
		{name: "RPC-WHERE-05 startsWith", path: "post/findMany", args: `{"where":{"title":{"startsWith":"Draft"}}}`, ids: "3"},
		{name: "RPC-WHERE-05 endsWith", path: "post/findMany", args: `{"where":{"title":{"endsWith":"Go"}}}`, ids: "6"},
		{name: "RPC-WHERE-05 wildcards are literal", path: "post/findMany", args: `{"where":{"title":{"contains":"%"}}}`, ids: ""},
		{name: "RPC-WHERE-06 insensitive contains", path: "post/findMany", args: `{"where":{"title":{"contains":"DRAFT","mode":"insensitive"}}}`, ids: "3,5"},
		{name: "RPC-WHERE-06 insensitive equals", path: "user/findMany", args: `{"where":{"name":{"equals":"EMILY","mode":"insensitive"}}}`, ids: "1"},
		{name: "RPC-WHERE-08 OR", path: "post/findMany", args: `{"where":{"OR":[{"id":1},{"id":6}]}}`, ids: "1,6"},
		{name: "RPC-WHERE-08 AND array", path: "post/findMany", args: `{"where":{"AND":[{"published":true},{"authorId":2}]}}`, ids: "4"},
		{name: "RPC-WHERE-08 AND object", path: "post/findMany", args: `{"where":{"AND":{"published":true,"authorId":2}}}`, ids: "4"},
		{name: "RPC-WHERE-08 NOT array is NOT a AND NOT b", path: "post/findMany", args: `{"where":{"NOT":[{"authorId":1},{"published":false}]}}`, ids: "4,6"},
		{name: "RPC-WHERE-08 NOT object", path: "post/findMany", args: `{"where":{"NOT":{"authorId":1,"published":true}}}`, ids: "3,4,5,6"},
		{name: "RPC-WHERE-08 nested", path: "post/findMany", args: `{"where":{"OR":[{"AND":[{"authorId":1},{"NOT":{"published":true}}]},{"id":6}]}}`, ids: "3,6"},
		{name: "RPC-WHERE-08 empty OR matches nothing", path: "post/findMany", args: `{"where":{"OR":[]}}`, ids: ""},
		{name: "RPC-WHERE-09 null", path: "post/findMany", args: `{"where":{"rating":null}}`, ids: "3,5"},
		{name: "RPC-WHERE-09 equals null", path: "post/findMany", args: `{"where":{"rating":{"equals":null}}}`, ids: "3,5"},
		{name: "RPC-WHERE-09 not null", path: "post/findMany", args: `{"where":{"rating":{"not":null}}}`, ids: "1,2,4,6"},
		{name: "RPC-WHERE-09 not value skips NULLs", path: "user/findMany", args: `{"where":{"name":{"not":"Bob"}}}`, ids: "1"},
		{name: "RPC-WHERE-10 some", path: "user/findMany", args: `{"where":{"posts":{"some":{"published":false}}}}`, ids: "1,2"},
		{name: "RPC-WHERE-10 some {}", path: "post/findMany", args: `{"where":{"comments":{"some":{}}}}`, ids: "1,2,4,6"},
		{name: "RPC-WHERE-10 every", path: "user/findMany", args: `{"where":{"posts":{"every":{"published":true}}}}`, ids: "3"},
		{name: "RPC-WHERE-10 none", path: "post/findMany", args: `{"where":{"tags":{"none":{}}}}`, ids: "5"},
		{name: "RPC-WHERE-10 m2m some", path: "post/findMany", args: `{"where":{"tags":{"some":{"name":"go"}}}}`, ids: "2,6"},
		{name: "RPC-WHERE-11 is", path: "post/findMany", args: `{"where":{"author":{"is":{"name":"Bob"}}}}`, ids: "4,5"},
		{name: "RPC-WHERE-11 isNot", path: "post/findMany", args: `{"where":{"author":{"isNot":{"name":"Bob"}}}}`, ids: "1,2,3,6"},
		{name: "RPC-WHERE-11 direct", path: "post/findMany", args: `{"where":{"author":{"role":"ADMIN"}}}`, ids: "1,2,3"},
		{name: "RPC-WHERE-11 optional to-one null", path: "comment/findMany", args: `{"where":{"author":null}}`, ids: "4"},
		{name: "RPC-WHERE-11 is null", path: "user/findMany", args: `{"where":{"profile":{"is":null}}}`, ids: "3"},
		{name: "RPC-WHERE-11 isNot null", path: "user/findMany", args: `{"where":{"profile":{"isNot":null}}}`, ids: "1,2"},
		{name: "RPC-WHERE-11 two levels", path: "comment/findMany", args: `{"where":{"post":{"author":{"name":"Emily"}}}}`, ids: "1,2,3"},
		{name: "RPC-WHERE enum", path: "user/findMany", args: `{"where":{"role":{"in":["ADMIN"]}}}`, ids: "1"},

		// RPC-ORD, RPC-PAGE, RPC-DIST
		{name: "RPC-ORD-01 desc", path: "post/findMany", args: `{"orderBy":{"viewCount":"desc"}}`, ids: "2,1,6,4,5,3"},
		{name: "RPC-ORD-01 array", path: "post/findMany", args: `{"orderBy":[{"published":"asc"},{"viewCount":"desc"}]}`, ids: "5,3,2,1,6,4"},
		{name: "RPC-ORD-02 nulls last", path: "post/findMany", args: `{"orderBy":{"rating":{"sort":"asc","nulls":"last"}}}`, ids: "4,6,1,2,3,5"},
		{name: "RPC-ORD-02 nulls first", path: "post/findMany", args: `{"orderBy":{"rating":{"sort":"desc","nulls":"first"}}}`, ids: "5,3,2,1,6,4"},
		{name: "RPC-ORD-03 to-one field", path: "post/findMany", args: `{"orderBy":[{"author":{"email":"asc"}},{"id":"desc"}]}`, ids: "6,5,4,3,2,1"},
		{name: "RPC-ORD-04 relation count", path: "post/findMany", args: `{"orderBy":[{"comments":{"_count":"desc"}},{"id":"asc"}]}`, ids: "2,1,4,6,3,5"},
		{name: "RPC-PAGE-01 skip take", path: "post/findMany", args: `{"skip":1,"take":2}`, ids: "2,3"},
		{name: "RPC-PAGE-02 cursor includes the cursor row", path: "post/findMany", args: `{"cursor":{"id":3},"take":2}`, ids: "3,4"},
		{name: "RPC-PAGE-02 cursor skip 1", path: "post/findMany", args: `{"cursor":{"id":3},"skip":1,"take":2}`, ids: "4,5"},
		{name: "RPC-PAGE-02 cursor with order", path: "post/findMany", args: `{"cursor":{"id":1},"orderBy":{"viewCount":"desc"}}`, ids: "1,6,4,5,3"},
		{name: "RPC-PAGE-02 cursor on nullable order", path: "post/findMany", args: `{"cursor":{"id":5},"orderBy":[{"rating":"asc"},{"id":"asc"}]}`, ids: "5,4,6,1,2"},
		{name: "RPC-PAGE-02 unknown cursor", path: "post/findMany", args: `{"cursor":{"id":99}}`, ids: ""},
		{name: "RPC-PAGE-03 negative take", path: "post/findMany", args: `{"take":-2}`, ids: "5,6"},
		{name: "RPC-PAGE-03 negative take with order", path: "post/findMany", args: `{"take":-2,"orderBy":{"viewCount":"desc"}}`, ids: "5,3"},
		{name: "RPC-PAGE-03 negative take before cursor", path: "post/findMany", args: `{"cursor":{"id":4},"take":-2}`, ids: "3,4"},
		{name: "RPC-PAGE-03 findFirst negative take", path: "post/findFirst", args: `{"take":-1,"orderBy":{"viewCount":"asc"}}`, ids: "2"},
		{name: "RPC-DIST-01 distinct", path: "post/findMany", args: `{"distinct":["authorId"],"orderBy":{"viewCount":"desc"}}`, ids: "2,6,4"},
		{name: "RPC-DIST-01 distinct on a nullable order: NULLs last descending", path: "post/findMany", args: `{"distinct":["authorId"],"orderBy":{"rating":"desc"}}`, ids: "2,6,4"},
		{name: "RPC-DIST-01 distinct two fields", path: "post/findMany", args: `{"distinct":["authorId","published"]}`, ids: "1,3,4,5,6"},

		// RPC-OP-01/03/18
		{name: "RPC-OP-01 findUnique by id", path: "user/findUnique", args: `{"where":{"id":2},"select":{"id":true,"name":true}}`, data: `{"id":2,"name":"Bob"}`},
		{name: "RPC-OP-01 findUnique by @unique", path: "user/findUnique", args: `{"where":{"email":"ann@entstack.dev"},"select":{"id":true}}`, data: `{"id":3}`},
		{name: "RPC-OP-01 findUnique extra filter", path: "user/findUnique", args: `{"where":{"id":2,"role":"ADMIN"}}`, data: `null`},
		{name: "RPC-OP-01 findUnique missing", path: "user/findUnique", args: `{"where":{"id":99}}`, data: `null`},
		{name: "RPC-WHERE-14 findUnique needs a unique field", path: "user/findUnique", args: `{"where":{"name":"Bob"}}`, status: 422, msg: "unique"},
		{name: "RPC-OP-03 findFirst", path: "post/findFirst", args: `{"where":{"published":true},"orderBy":{"viewCount":"asc"},"select":{"id":true}}`, data: `{"id":4}`},
		{name: "RPC-OP-02 findUniqueOrThrow", path: "user/findUniqueOrThrow", args: `{"where":{"id":2},"select":{"id":true}}`, data: `{"id":2}`},
		{name: "RPC-OP-02 findUniqueOrThrow missing", path: "user/findUniqueOrThrow", args: `{"where":{"id":99}}`, status: 404, msg: "P2025"},
		{name: "RPC-OP-04 findFirstOrThrow missing", path: "post/findFirstOrThrow", args: `{"where":{"id":99}}`, status: 404},
		{name: "RPC-PAGE-04 nested take with a relation sort", path: "user/findMany", args: `{"select":{"id":true,"posts":{"take":1,"orderBy":{"comments":{"_count":"desc"}},"select":{"id":true}}}}`, data: `[{"id":1,"posts":[{"id":2}]},{"id":2,"posts":[{"id":4}]},{"id":3,"posts":[{"id":6}]}]`},
		{name: "RPC-PAGE-04 nested take through a relation", path: "post/findMany", args: `{"where":{"id":2},"select":{"comments":{"take":1,"orderBy":{"author":{"name":"asc"}},"select":{"id":true}}}}`, data: `[{"comments":[{"id":2}]}]`},
		{name: "RPC-PAGE-04 nested negative take", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"take":-2,"select":{"id":true}}}}`, data: `[{"posts":[{"id":2},{"id":3}]}]`},
		{name: "RPC-PAGE-04 nested negative take with order", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"take":-2,"orderBy":{"viewCount":"desc"},"select":{"id":true}}}}`, data: `[{"posts":[{"id":1},{"id":3}]}]`},
		{name: "RPC-PAGE-04 nested cursor", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"cursor":{"id":1},"orderBy":{"viewCount":"desc"},"select":{"id":true}}}}`, data: `[{"posts":[{"id":1},{"id":3}]}]`},
		{name: "RPC-PAGE-04 nested cursor, negative take", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"cursor":{"id":2},"take":-2,"select":{"id":true}}}}`, data: `[{"posts":[{"id":1},{"id":2}]}]`},
		{name: "RPC-PAGE-04 nested cursor, skip 1", path: "user/findMany", args: `{"select":{"id":true,"posts":{"cursor":{"id":2},"skip":1,"take":5,"select":{"id":true}}}}`, data: `[{"id":1,"posts":[{"id":3}]},{"id":2,"posts":[{"id":5}]},{"id":3,"posts":[]}]`},
		{name: "RPC-PAGE-04 nested unknown cursor", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"cursor":{"id":99},"select":{"id":true}}}}`, data: `[{"posts":[]}]`},
		{name: "RPC-DIST-01 nested distinct", path: "user/findMany", args: `{"select":{"id":true,"posts":{"distinct":["published"],"orderBy":{"viewCount":"asc"},"select":{"id":true}}}}`, data: `[{"id":1,"posts":[{"id":3},{"id":1}]},{"id":2,"posts":[{"id":5},{"id":4}]},{"id":3,"posts":[{"id":6}]}]`},
		{name: "RPC-DIST-01 nested distinct with take", path: "user/findMany", args: `{"select":{"id":true,"posts":{"distinct":["published"],"orderBy":{"viewCount":"desc"},"take":1,"select":{"id":true}}}}`, data: `[{"id":1,"posts":[{"id":2}]},{"id":2,"posts":[{"id":4}]},{"id":3,"posts":[{"id":6}]}]`},
		{name: "RPC-OP-03 findFirst none", path: "post/findFirst", args: `{"where":{"id":99}}`, data: `null`},
		{name: "RPC-OP-18 exists", path: "post/exists", args: `{"where":{"author":{"name":"Bob"}}}`, data: `true`},
		{name: "RPC-OP-18 exists not", path: "post/exists", args: `{"where":{"id":99}}`, data: `false`},

		// RPC-SEL
		{name: "RPC-SEL-01 select scalars", path: "post/findMany", args: `{"where":{"id":1},"select":{"id":true,"title":true,"content":false}}`, data: `[{"id":1,"title":"Welcome to the entstack blog"}]`},
		{name: "RPC-SEL-02 select relation", path: "post/findMany", args: `{"where":{"id":4},"select":{"title":true,"author":{"select":{"name":true}}}}`, data: `[{"title":"My first post","author":{"name":"Bob"}}]`},
		{name: "RPC-SEL-02 select to-many with args", path: "user/findMany", args: `{"where":{"id":1},"select":{"id":true,"posts":{"where":{"published":true},"orderBy":{"viewCount":"desc"},"take":1,"select":{"id":true}}}}`, data: `[{"id":1,"posts":[{"id":2}]}]`},
		{name: "RPC-SEL-02 include inside select", path: "comment/findMany", args: `{"where":{"id":2},"select":{"id":true,"post":{"include":{"author":{"select":{"email":true}}},"omit":{"content":true,"createdAt":true,"rating":true,"viewCount":true,"published":true,"title":true}}}}`, data: `[{"id":2,"post":{"id":2,"authorId":1,"author":{"email":"emily@entstack.dev"}}}]`},
		{name: "RPC-SEL-03 include", path: "comment/findMany", args: `{"where":{"id":4},"include":{"author":true,"post":{"select":{"id":true}}}}`, data: `[{"id":4,"content":"Nice one (anonymous).","postId":4,"authorId":null,"author":null,"post":{"id":4}}]`},
		{name: "RPC-PAGE-04 per-parent take and skip", path: "user/findMany", args: `{"select":{"id":true,"posts":{"orderBy":{"id":"asc"},"skip":1,"take":1,"select":{"id":true}}}}`, data: `[{"id":1,"posts":[{"id":2}]},{"id":2,"posts":[{"id":5}]},{"id":3,"posts":[]}]`},
		{name: "RPC-PAGE-04 per-parent take on a nullable order: NULLs last descending", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"orderBy":{"rating":"desc"},"take":1,"select":{"id":true}}}}`, data: `[{"posts":[{"id":2}]}]`},
		{name: "RPC-ORD-06 nested orderBy", path: "post/findMany", args: `{"where":{"id":2},"select":{"tags":{"orderBy":{"name":"desc"},"select":{"name":true}}}}`, data: `[{"tags":[{"name":"go"},{"name":"ent"},{"name":"api"}]}]`},
		{name: "RPC-SEL-02 three levels", path: "user/findMany", args: `{"where":{"id":3},"select":{"posts":{"select":{"comments":{"select":{"author":{"select":{"name":true}}}}}}}}`, data: `[{"posts":[{"comments":[{"author":{"name":"Bob"}}]}]}]`},
		{name: "RPC-SEL-04 select with include", path: "post/findMany", args: `{"select":{"id":true},"include":{"author":true}}`, status: 422, msg: "select and include"},
		{name: "RPC-SEL-05 omit", path: "user/findMany", args: `{"where":{"id":1},"omit":{"email":true,"createdAt":true}}`, data: `[{"id":1,"name":"Emily","role":"ADMIN"}]`},
		{name: "RPC-SEL-05 select with omit", path: "user/findMany", args: `{"select":{"id":true},"omit":{"email":true}}`, status: 422},
		{name: "RPC-SEL-06 _count true", path: "post/findMany", args: `{"where":{"id":2},"select":{"_count":true}}`, data: `[{"_count":{"comments":2,"tags":3}}]`},
		{name: "RPC-SEL-06 _count filtered", path: "user/findMany", args: `{"select":{"id":true,"_count":{"select":{"posts":{"where":{"published":true}}}}}}`, data: `[{"id":1,"_count":{"posts":2}},{"id":2,"_count":{"posts":1}},{"id":3,"_count":{"posts":1}}]`},
		{name: "RPC-SEL-06 _count nested", path: "user/findMany", args: `{"where":{"id":1},"select":{"posts":{"select":{"id":true,"_count":{"select":{"comments":true}}}}}}`, data: `[{"posts":[{"id":1,"_count":{"comments":1}},{"id":2,"_count":{"comments":2}},{"id":3,"_count":{"comments":0}}]}]`},

		// RPC-OP-15/16/17
		{name: "RPC-OP-15 count", path: "post/count", data: `6`},
		{name: "RPC-OP-15 count where", path: "post/count", args: `{"where":{"published":true}}`, data: `4`},
		{name: "RPC-OP-15 count take", path: "post/count", args: `{"take":2,"skip":5}`, data: `1`},
		{name: "RPC-OP-15 count select", path: "post/count", args: `{"select":{"_all":true,"rating":true}}`, data: `{"_all":6,"rating":4}`},
		{name: "RPC-OP-16 aggregate", path: "post/aggregate", args: `{"where":{"published":true},"_count":{"_all":true},"_sum":{"viewCount":true},"_avg":{"viewCount":true},"_min":{"viewCount":true},"_max":{"viewCount":true,"title":true}}`, data: `{"_count":{"_all":4},"_sum":{"viewCount":562},"_avg":{"viewCount":140.5},"_min":{"viewCount":15},"_max":{"title":"Welcome to the entstack blog","viewCount":340}}`},
		{name: "RPC-OP-16 aggregate page", path: "post/aggregate", args: `{"orderBy":{"viewCount":"desc"},"take":2,"_sum":{"viewCount":true}}`, data: `{"_sum":{"viewCount":460}}`},
		{name: "RPC-OP-16 aggregate empty", path: "post/aggregate", args: `{"where":{"id":99},"_count":true,"_sum":{"rating":true}}`, data: `{"_count":0,"_sum":{"rating":null}}`},
		{name: "RPC-OP-16 _sum of a string", path: "post/aggregate", args: `{"_sum":{"title":true}}`, status: 422, msg: "_sum.title"},
		{name: "RPC-OP-17 groupBy", path: "post/groupBy", args: `{"by":["authorId"],"_count":{"_all":true},"_sum":{"viewCount":true},"orderBy":{"authorId":"asc"}}`, data: `[{"authorId":1,"_count":{"_all":3},"_sum":{"viewCount":460}},{"authorId":2,"_count":{"_all":2},"_sum":{"viewCount":17}},{"authorId":3,"_count":{"_all":1},"_sum":{"viewCount":87}}]`},
		{name: "RPC-OP-17 having", path: "post/groupBy", args: `{"by":"authorId","having":{"viewCount":{"_sum":{"gt":50}}},"orderBy":{"authorId":"desc"}}`, data: `[{"authorId":3},{"authorId":1}]`},
		{name: "RPC-OP-17 having on by field", path: "post/groupBy", args: `{"by":["authorId"],"having":{"authorId":{"in":[2,3]}},"orderBy":{"authorId":"asc"}}`, data: `[{"authorId":2},{"authorId":3}]`},
		{name: "RPC-ORD-07 groupBy order by aggregate", path: "post/groupBy", args: `{"by":["published"],"_avg":{"viewCount":true},"orderBy":{"_avg":{"viewCount":"desc"}}}`, data: `[{"published":true,"_avg":{"viewCount":140.5}},{"published":false,"_avg":{"viewCount":1}}]`},
		{name: "RPC-OP-17 groupBy take skip", path: "post/groupBy", args: `{"by":["authorId"],"orderBy":{"authorId":"asc"},"skip":1,"take":1}`, data: `[{"authorId":2}]`},
		{name: "RPC-OP-17 groupBy needs by", path: "post/groupBy", args: `{}`, status: 422, msg: "by"},
		{name: "RPC-ORD-07 groupBy order by a field not in by", path: "post/groupBy", args: `{"by":["authorId"],"orderBy":{"title":"asc"}}`, status: 422},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.check(t, e.rpc(t, emily, "GET", c.path, c.args))
		})
	}
}

// TestRPCSumsPastInt64: a sum of valid values may not fit an int64
// (SQLite's SUM fails, PostgreSQL and MySQL sum into a decimal). It is
// answered exactly, as a JSON number, in aggregate and groupBy, and
// having and orderBy on it work; a float sum past the largest double is a
// 422 on every database.
func TestRPCSumsPastInt64(t *testing.T) {
	const max = "9223372036854775807"
	runSteps(t, []rpcStep{
		step("PUT", "two huge view counts", "post/updateMany", `{"where":{"id":{"in":[1,2]}},"data":{"viewCount":`+max+`}}`, 200, `{"count":2}`),
		step("GET", "their sum", "post/aggregate", `{"where":{"id":{"in":[1,2]}},"_sum":{"viewCount":true},"_avg":{"viewCount":true},"_max":{"viewCount":true}}`, 200, `{"_sum":{"viewCount":18446744073709551614},"_avg":{"viewCount":9223372036854775807},"_max":{"viewCount":9223372036854775807}}`).
			contains(`"_sum":{"viewCount":18446744073709551614}`),
		step("GET", "the sum of every post", "post/aggregate", `{"_sum":{"viewCount":true}}`, 200, `{"_sum":{"viewCount":18446744073709551718}}`).
			contains(`{"data":{"_sum":{"viewCount":18446744073709551718}}}`),
		step("GET", "a negative sum", "post/aggregate", `{"where":{"id":{"in":[4,5]}},"_sum":{"viewCount":true}}`, 200, `{"_sum":{"viewCount":17}}`).contains(`{"viewCount":17}`),
		step("GET", "groupBy with having and orderBy on the sum", "post/groupBy", `{"by":["authorId"],"_sum":{"viewCount":true},"having":{"viewCount":{"_sum":{"gt":1000}}},"orderBy":{"_sum":{"viewCount":"desc"}}}`, 200, `[{"authorId":1,"_sum":{"viewCount":18446744073709551614}}]`).
			contains(`[{"authorId":1,"_sum":{"viewCount":18446744073709551614}}]`),
		step("GET", "groups ordered by the sum", "post/groupBy", `{"by":["authorId"],"_sum":{"viewCount":true},"orderBy":[{"_sum":{"viewCount":"asc"}}]}`, 200, `[{"authorId":2,"_sum":{"viewCount":17}},{"authorId":3,"_sum":{"viewCount":87}},{"authorId":1,"_sum":{"viewCount":18446744073709551614}}]`),
		step("PUT", "two huge ratings", "post/updateMany", `{"where":{"id":{"in":[1,2]}},"data":{"rating":1e308}}`, 200, `{"count":2}`),
		step("GET", "their float sum", "post/aggregate", `{"_sum":{"rating":true}}`, 422, "out of the range"),
		step("GET", "the other aggregates still work", "post/aggregate", `{"_max":{"rating":true},"_count":{"rating":true}}`, 200, `{"_max":{"rating":1e308},"_count":{"rating":4}}`),
	})
}
