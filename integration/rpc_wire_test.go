package integration

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRPCWire checks routing, verbs, argument transport and the error
// format (RPC-WIRE-01..06, RPC-WIRE-11, RPC-SJ-07).
func TestRPCWire(t *testing.T) {
	e := newEnv(t)
	q := func(s string) string { return "?q=" + url.QueryEscape(s) }
	cases := []struct {
		name, method, path, body string
		status                   int
		want                     []string // fragments of the body
	}{
		{"RPC-WIRE-01 unknown model", "GET", "nope/findMany", "", 400, []string{`"message":"unknown model name: nope"`}},
		{"RPC-WIRE-01 unknown operation", "GET", "post/nope", "", 400, []string{`invalid operation: nope`}},
		{"RPC-WIRE-01 three segments", "GET", "post/findMany/x", "", 400, nil},
		{"RPC-WIRE-01 model name with upper-case first letter", "GET", "Post/count", "", 200, []string{`{"data":6}`}},
		{"RPC-WIRE-02 wrong verb", "POST", "post/findMany", "{}", 400, []string{`only GET is supported`}},
		{"RPC-WIRE-03 missing q", "GET", "post/count", "", 200, []string{`{"data":6}`}},
		{"RPC-WIRE-03 bad q", "GET", "post/count?q=%7Bx", "", 400, []string{`invalid \"q\" query parameter`}},
		{"RPC-WIRE-03 bad meta", "GET", "post/count" + q(`{}`) + "&meta=%7B", "", 400, []string{`invalid \"meta\" query parameter`}},
		{"RPC-WIRE-03 q not an object", "GET", "post/count" + q(`[1]`), "", 400, []string{`must be a JSON object`}},
		{"RPC-SJ-01 Date in where through meta", "GET", "post/findMany" + q(`{"where":{"createdAt":{"gte":"2026-01-06T00:00:00.000Z"}},"select":{"id":true}}`) + "&meta=" + url.QueryEscape(`{"serialization":{"values":{"where.createdAt.gte":["Date"]},"v":1}}`), "", 200, []string{`{"data":[{"id":5},{"id":6}]}`}},
		{"RPC-SJ-03 Decimal and bigint arguments", "GET", "post/findMany" + q(`{"where":{"rating":{"gt":"4.5"},"viewCount":{"gte":"300"}},"select":{"id":true}}`) + "&meta=" + url.QueryEscape(`{"serialization":{"values":{"where.rating.gt":[["custom","Decimal"]],"where.viewCount.gte":["bigint"]},"v":1}}`), "", 200, []string{`{"data":[{"id":2}]}`}},
		{"RPC-SJ-05 unsupported annotation", "GET", "post/findMany" + q(`{"where":{"title":"x"}}`) + "&meta=" + url.QueryEscape(`{"serialization":{"values":{"where.title":["regexp"]},"v":1}}`), "", 400, []string{`superjson`}},
		{"RPC-SJ-07 response dates annotated", "GET", "post/findMany" + q(`{"where":{"id":1},"select":{"createdAt":true,"author":{"select":{"createdAt":true}}}}`), "", 200, []string{`"meta":{"serialization":{"values":{"0.createdAt":["Date"],"0.author.createdAt":["Date"]},"v":1}}`}},
		{"RPC-SJ-07 aggregate dates annotated", "GET", "post/aggregate" + q(`{"_max":{"createdAt":true}}`), "", 200, []string{`"_max.createdAt":["Date"]`, `"2026-01-07T09:00:00.000Z"`}},
		{"RPC-WIRE-05 no meta without dates", "GET", "post/findMany" + q(`{"select":{"id":true},"take":1}`), "", 200, []string{`{"data":[{"id":1}]}`}},
		{"RPC-WIRE-05 null result", "GET", "post/findUnique" + q(`{"where":{"id":99}}`), "", 200, []string{`{"data":null}`}},
		{"RPC-WIRE-11 unknown field with its path", "GET", "post/findMany" + q(`{"where":{"author":{"is":{"emial":"x"}}}}`), "", 422, []string{`"message":"where.author.is.emial: unknown field of User"`, `"reason":"invalid-input"`}},
		{"RPC-WIRE-11 unknown argument", "GET", "post/findMany" + q(`{"wehre":{}}`), "", 422, []string{`wehre: unknown argument`}},
		{"RPC-WIRE-11 bad value", "GET", "post/findMany" + q(`{"where":{"viewCount":{"gt":"many"}}}`), "", 422, []string{`where.viewCount.gt`}},
		{"RPC-WIRE-11 unknown operator", "GET", "post/findMany" + q(`{"where":{"title":{"like":"x"}}}`), "", 422, []string{`where.title.like: unknown filter operator`}},
		{"RPC-WIRE-11 string operator on a number", "GET", "post/findMany" + q(`{"where":{"viewCount":{"contains":"1"}}}`), "", 422, nil},
		{"RPC-WIRE-11 mode on a number", "GET", "post/findMany" + q(`{"where":{"viewCount":{"equals":1,"mode":"insensitive"}}}`), "", 422, nil},
		{"RPC-WIRE-11 bad enum", "GET", "user/findMany" + q(`{"where":{"role":"ROOT"}}`), "", 422, []string{`where.role`}},
		{"RPC-WIRE-11 include of a scalar", "GET", "post/findMany" + q(`{"include":{"title":true}}`), "", 422, nil},
		{"RPC-WIRE-11 unknown relation in include", "GET", "post/findMany" + q(`{"include":{"autor":true}}`), "", 422, []string{`include.autor`}},
		{"RPC-ORD-01 orderBy object keys in the order sent", "GET", "post/findMany" + q(`{"orderBy":{"published":"asc","viewCount":"desc"},"select":{"id":true}}`), "", 200, []string{`{"data":[{"id":5},{"id":3},{"id":2},{"id":1},{"id":6},{"id":4}]}`}},
		{"RPC-ORD-01 orderBy object keys, the other way round", "GET", "post/findMany" + q(`{"orderBy":{"viewCount":"desc","published":"asc"},"select":{"id":true}}`), "", 200, []string{`{"data":[{"id":2},{"id":1},{"id":6},{"id":4},{"id":5},{"id":3}]}`}},
		{"RPC-WIRE-11 bad direction", "GET", "post/findMany" + q(`{"orderBy":{"id":"up"}}`), "", 422, []string{`orderBy.id`}},
		{"RPC-ORD-02 nulls on a required field", "GET", "post/findMany" + q(`{"orderBy":{"id":{"sort":"asc","nulls":"last"}}}`), "", 422, nil},
		{"RPC-WIRE-11 negative skip", "GET", "post/findMany" + q(`{"skip":-1}`), "", 422, nil},
		{"limit: take over the cap", "GET", "post/findMany" + q(`{"take":1001}`), "", 422, []string{`take is limited to 1000`}},
		{"limit: negative take over the cap", "GET", "post/findMany" + q(`{"take":-1001}`), "", 422, nil},
		{"limit: include depth", "GET", "post/findMany" + q(`{"include":{"author":{"include":{"posts":{"include":{"author":{"include":{"posts":{"include":{"author":true}}}}}}}}}}`), "", 422, []string{`nested deeper than 4`}},
		{"limit: where depth", "GET", "post/findMany" + q(`{"where":`+strings.Repeat(`{"NOT":`, 20)+`{}`+strings.Repeat(`}`, 21)), "", 422, []string{`nested deeper`}},
		{"limit: in list", "GET", "post/findMany" + q(`{"where":{"id":{"in":[`+strings.Repeat(`1,`, 1000)+`1]}}}`), "", 422, []string{`where: the request lists more than 1000 values`}},
		{"RPC-OP-16 _min of a boolean", "GET", "post/aggregate" + q(`{"_min":{"published":true}}`), "", 422, []string{`_min.published`}},
		{"limit: q too large", "GET", "post/findMany" + q(`{"where":{"title":"`+strings.Repeat("x", 1<<20)+`"}}`), "", 413, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.rpc(t, emily, c.method, c.path, c.body)
			require.Equal(t, c.status, r.status, r.body)
			for _, w := range c.want {
				require.Contains(t, r.body, w)
			}
			if r.status >= 400 {
				r.rpcFails(t, c.status)
			}
		})
	}
}
