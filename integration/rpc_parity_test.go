package integration

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestRESTAndRPCAgree asks the same questions through JSON:API and RPC:
// both parse into one resource.Plan, so the rows must be the same, in the
// same order.
func TestRESTAndRPCAgree(t *testing.T) {
	eachDB(t, func(t *testing.T, ts *httptest.Server) { testRESTAndRPCAgree(t, ts) })
}

func testRESTAndRPCAgree(t *testing.T, ts *httptest.Server) {
	cases := []struct{ name, rest, rpc string }{
		{"filter by relation, sort desc", "post?filter[author][name]=Emily&sort=-viewCount", `{"where":{"author":{"name":"Emily"}},"orderBy":{"viewCount":"desc"}}`},
		{"range and page", "post?filter[viewCount$gt]=10&sort=viewCount&page[offset]=1&page[limit]=2", `{"where":{"viewCount":{"gt":10}},"orderBy":{"viewCount":"asc"},"skip":1,"take":2}`},
		{"contains", "post?filter[title$contains]=post", `{"where":{"title":{"contains":"post"}}}`},
		{"sort through a to-one", "post?sort=author.name,-id", `{"orderBy":[{"author":{"name":"asc"}},{"id":"desc"}]}`},
		{"equality alternatives", "post?filter[authorId]=1,3", `{"where":{"authorId":{"in":[1,3]}}}`},
		{"related collection", "user/1/posts?sort=-id", `{"where":{"author":{"id":1}},"orderBy":{"id":"desc"}}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, body := do(t, "GET", ts.URL+"/api/rest/"+c.rest, "")
			if st != 200 {
				t.Fatalf("REST %d %s", st, body)
			}
			var doc struct {
				Data []struct {
					ID string `json:"id"`
				} `json:"data"`
			}
			if err := json.Unmarshal([]byte(body), &doc); err != nil {
				t.Fatal(err)
			}
			rest := make([]string, len(doc.Data))
			for i, d := range doc.Data {
				rest[i] = d.ID
			}
			st, body = do(t, "GET", ts.URL+"/api/rpc/post/findMany?q="+url.QueryEscape(c.rpc), "")
			if st != 200 {
				t.Fatalf("RPC %d %s", st, body)
			}
			if got, want := idsOf(data(t, body)), strings.Join(rest, ","); got != want || want == "" {
				t.Fatalf("RPC ids %q, REST ids %q", got, want)
			}
		})
	}
}
