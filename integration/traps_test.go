package integration

import (
	"net/url"
	"strings"
	"testing"
)

// TestNoTraps checks requests that a lenient server would run as
// something other than what they say (DESIGN "RPC DELETE with a JSON
// body", "duplicate JSON object members"): each is a 400 that says why,
// and changes nothing.
func TestNoTraps(t *testing.T) {
	e := newEnv(t)
	do := func(t *testing.T, method, target, body string) (int, string) {
		r := e.do(t, request{method: method, target: target, body: body, as: emily, header: []string{"Content-Type", "application/json"}})
		return r.status, r.body
	}
	rpc := "/api/rpc/"
	count := func(t *testing.T, model string) string {
		t.Helper()
		st, body := do(t, "GET", rpc+model+"/count", "")
		if st != 200 {
			t.Fatalf("count: %d %s", st, body)
		}
		return body
	}
	cases := []struct {
		name, method, url, body string
		status                  int
		want                    string
	}{
		// ZenStack's handler reads DELETE arguments from q only: a body
		// would be ignored, and deleteMany run with no where at all.
		{"RPC DELETE with a body", "DELETE", rpc + "tag/deleteMany", `{"where":{"id":1}}`, 400, `a DELETE takes its arguments in the \"q\" query parameter`},
		{"RPC DELETE with a body and q", "DELETE", rpc + "tag/delete?q=" + url.QueryEscape(`{"where":{"id":1}}`), `{}`, 400, `not in the request body`},
		{"RPC duplicate member in q", "GET", rpc + "post/findMany?q=" + url.QueryEscape(`{"where":{"authorId":1,"authorId":2}}`), "", 400, `invalid \"q\" query parameter: member \"authorId\" is given twice in where`},
		{"RPC duplicate member in a DELETE's q", "DELETE", rpc + "tag/deleteMany?q=" + url.QueryEscape(`{"where":{"id":1},"where":{}}`), "", 400, `member \"where\" is given twice`},
		{"RPC duplicate member in a body", "POST", rpc + "tag/create", `{"data":{"name":"a","name":"b"}}`, 400, `invalid request body: member \"name\" is given twice in data`},
		{"RPC duplicate escaped member", "PUT", rpc + "post/updateMany", `{"where":{"id":1},"data":{"title":"a","\u0074itle":"b"}}`, 400, `member \"title\" is given twice in data`},
		{"RPC duplicate member in a transaction", "POST", rpc + "$transaction/sequential", `[{"model":"tag","op":"deleteMany","args":{"where":{"id":1},"where":{}}}]`, 400, `member \"where\" is given twice in 0.args`},
		{"RPC duplicate member in meta", "GET", rpc + "post/count?q=%7B%7D&meta=" + url.QueryEscape(`{"serialization":{"v":1,"v":1}}`), "", 400, `invalid \"meta\" query parameter: member \"v\" is given twice in serialization`},
		{"REST duplicate attribute", "POST", "/api/rest/tag", `{"data":{"type":"tag","attributes":{"name":"a","name":"b"}}}`, 400, `"pointer":"/data/attributes/name"`},
		{"REST duplicate data", "POST", "/api/rest/tag", `{"data":{"type":"tag","attributes":{"name":"a"}},"data":{"type":"tag","attributes":{"name":"b"}}}`, 400, `"pointer":"/data"`},
		{"REST duplicate type", "PATCH", "/api/rest/post/1", `{"data":{"type":"post","id":"1","type":"tag","attributes":{"title":"x"}}}`, 400, `"pointer":"/data/type"`},
		{"REST duplicate in linkage", "PATCH", "/api/rest/post/1/relationships/tags", `{"data":[{"type":"tag","id":"1"},{"type":"tag","id":"2","id":"3"}]}`, 400, `"pointer":"/data/1/id"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := count(t, "tag") + count(t, "post")
			st, body := do(t, c.method, c.url, c.body)
			if st != c.status || !strings.Contains(body, c.want) {
				t.Fatalf("status %d, want %d with %s: %s", st, c.status, c.want, body)
			}
			if after := count(t, "tag") + count(t, "post"); after != before {
				t.Fatalf("counts %s, then %s", before, after)
			}
		})
	}
	t.Run("RPC DELETE with white space only", func(t *testing.T) {
		st, body := do(t, "DELETE", rpc+"tag/delete?q="+url.QueryEscape(`{"where":{"name":"news"}}`), " \n")
		if st != 200 || !strings.Contains(body, `"name":"news"`) {
			t.Fatalf("status %d: %s", st, body)
		}
	})
}
