package integration

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/entstack/entstack/resource"
)

// TestRequestLimits checks the limits on the filters of one request
// (resource.Limits, DESIGN "limits"): a request at a limit runs on every
// database, one past it is a clear 4xx naming the limit, in both flavours
// alike, never a database error (a 500).
func TestRequestLimits(t *testing.T) {
	e := newEnv(t)
	do := func(method, target, body string) (int, string) {
		r := e.do(t, request{method: method, target: target, body: body, as: emily, header: []string{"Content-Type", "application/json"}})
		return r.status, r.body
	}
	lim := resource.DefaultLimits
	list := func(n int, f func(i int) string) string {
		s := make([]string, n)
		for i := range s {
			s[i] = f(i)
		}
		return strings.Join(s, ",")
	}
	or := func(n int) string {
		return `{"OR":[` + list(n, func(i int) string { return fmt.Sprintf(`{"viewCount":%d}`, i) }) + `]}`
	}
	rpc := func(op, args string) string { return "/api/rpc/" + op + "?q=" + url.QueryEscape(args) }
	rest := func(param, val string) string {
		return "/api/rest/post?" + url.QueryEscape(param) + "=" + url.QueryEscape(val)
	}
	ids := func(n int) string { return list(n, func(i int) string { return fmt.Sprint(i + 1) }) }
	words := func(n int) string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprint("w", i)
		}
		return strings.Join(s, " ")
	}
	// nested is n levels of post.author.posts: 2n relation filters.
	nested := func(n int) string {
		return strings.Repeat(`{"author":{"is":{"posts":{"some":`, n) + `{}` + strings.Repeat(`}}}}`, n)
	}
	terms := fmt.Sprintf("more than %d filter conditions", lim.MaxTerms)
	items := fmt.Sprintf("more than %d values", lim.MaxListItems)
	relations := fmt.Sprintf("more than %d relation filters", lim.MaxRelationFilters)

	// Each shape at its limit, then one past it. A term inside a relation
	// filter counts twice, inside two three times; a $hasEvery id is a
	// relation filter.
	cases := []struct {
		name     string
		at, over string
		msg      string
	}{
		{"RPC OR of comparisons",
			rpc("post/count", `{"where":`+or(lim.MaxTerms)+`}`),
			rpc("post/count", `{"where":`+or(lim.MaxTerms+1)+`}`), terms},
		{"RPC AND of comparisons",
			rpc("post/count", `{"where":{"AND":[`+list(lim.MaxTerms, func(i int) string { return `{"viewCount":{"not":-1}}` })+`]}}`),
			rpc("post/count", `{"where":{"AND":[`+list(lim.MaxTerms+1, func(i int) string { return `{"viewCount":{"not":-1}}` })+`]}}`), terms},
		{"RPC relation filter around an OR",
			rpc("user/count", `{"where":{"posts":{"some":`+or((lim.MaxTerms-1)/2)+`}}}`),
			rpc("user/count", `{"where":{"posts":{"some":`+or((lim.MaxTerms-1)/2+1)+`}}}`), terms},
		{"RPC two relation filters around an OR",
			rpc("comment/count", `{"where":{"post":{"is":{"author":{"is":{"posts":{"some":`+or((lim.MaxTerms-6)/4)+`}}}}}}}`),
			rpc("comment/count", `{"where":{"post":{"is":{"author":{"is":{"posts":{"some":`+or((lim.MaxTerms-6)/4+1)+`}}}}}}}`), terms},
		{"RPC relation filters side by side",
			rpc("post/count", `{"where":{"AND":[`+list(lim.MaxRelationFilters, func(i int) string { return fmt.Sprintf(`{"tags":{"some":{"id":%d}}}`, i) })+`]}}`),
			rpc("post/count", `{"where":{"AND":[`+list(lim.MaxRelationFilters+1, func(i int) string { return fmt.Sprintf(`{"tags":{"some":{"id":%d}}}`, i) })+`]}}`), relations},
		{"RPC relation filters nested",
			rpc("post/count", `{"where":{"AND":[`+nested(7)+`,`+nested(7)+`,`+list(lim.MaxRelationFilters-28, func(int) string { return `{"tags":{"none":{}}}` })+`]}}`),
			rpc("post/count", `{"where":{"AND":[`+nested(7)+`,`+nested(7)+`,`+list(lim.MaxRelationFilters-27, func(int) string { return `{"tags":{"none":{}}}` })+`]}}`), relations},
		{"RPC insensitive in list (a term per value)",
			rpc("post/count", `{"where":{"title":{"in":[`+list(lim.MaxTerms-1, func(i int) string { return fmt.Sprintf(`"t%d"`, i) })+`],"mode":"insensitive"}}}`),
			rpc("post/count", `{"where":{"title":{"in":[`+list(lim.MaxTerms, func(i int) string { return fmt.Sprintf(`"t%d"`, i) })+`],"mode":"insensitive"}}}`), terms},
		{"RPC in list",
			rpc("post/count", `{"where":{"id":{"in":[`+ids(lim.MaxListItems)+`]}}}`),
			rpc("post/count", `{"where":{"id":{"in":[`+ids(lim.MaxListItems+1)+`]}}}`), items},
		{"RPC lists add up over the request",
			rpc("post/count", `{"where":{"id":{"in":[`+ids(lim.MaxListItems/2)+`]},"viewCount":{"notIn":[`+ids(lim.MaxListItems/2)+`]}}}`),
			rpc("post/count", `{"where":{"id":{"in":[`+ids(lim.MaxListItems/2)+`]},"viewCount":{"notIn":[`+ids(lim.MaxListItems/2+1)+`]}}}`), items},
		{"RPC filters of the includes add up",
			rpc("user/findMany", `{"where":{"posts":{"none":`+or(lim.MaxTerms/4)+`}},"include":{"posts":{"where":`+or(lim.MaxTerms/2-1)+`}}}`),
			rpc("user/findMany", `{"where":{"posts":{"none":`+or(lim.MaxTerms/4)+`}},"include":{"posts":{"where":`+or(lim.MaxTerms/2)+`}}}`), terms},
		{"RPC sort keys count",
			rpc("post/findMany", `{"where":`+or(lim.MaxTerms-4)+`,"orderBy":[{"title":"asc"},{"author":{"name":"asc"}}],"cursor":{"id":1}}`),
			rpc("post/findMany", `{"where":`+or(lim.MaxTerms-4)+`,"orderBy":[{"title":"asc"},{"author":{"name":"asc"}},{"id":"asc"}],"cursor":{"id":1}}`), terms},
		{"RPC groupBy having",
			rpc("post/groupBy", `{"by":["authorId"],"having":{"OR":[`+list(lim.MaxTerms, func(i int) string { return fmt.Sprintf(`{"viewCount":{"_sum":{"gt":%d}}}`, i) })+`]}}`),
			rpc("post/groupBy", `{"by":["authorId"],"having":{"OR":[`+list(lim.MaxTerms+1, func(i int) string { return fmt.Sprintf(`{"viewCount":{"_sum":{"gt":%d}}}`, i) })+`]}}`), terms},
		{"REST alternatives of a filter",
			rest("filter[title$contains]", list(lim.MaxTerms, func(i int) string { return fmt.Sprint("x", i) })),
			rest("filter[title$contains]", list(lim.MaxTerms+1, func(i int) string { return fmt.Sprint("x", i) })), terms},
		{"REST $hasEvery",
			rest("filter[tags$hasEvery]", ids(lim.MaxRelationFilters)),
			rest("filter[tags$hasEvery]", ids(lim.MaxRelationFilters+1)), relations},
		{"REST $hasSome",
			rest("filter[tags$hasSome]", ids(lim.MaxListItems)),
			rest("filter[tags$hasSome]", ids(lim.MaxListItems+1)), items},
		{"REST $search",
			rest("filter[title$search]", words(lim.MaxSearchTerms)),
			rest("filter[title$search]", words(lim.MaxSearchTerms+1)), fmt.Sprintf("more than %d words", lim.MaxSearchTerms)},
		{"REST id list",
			rest("filter[id]", ids(lim.MaxListItems)),
			rest("filter[id]", ids(lim.MaxListItems+1)), items},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if st, body := do("GET", c.at, ""); st != 200 {
				t.Fatalf("at the limit: status %d: %.300s", st, body)
			}
			st, body := do("GET", c.over, "")
			want := 422
			if strings.Contains(c.over, "/api/rest/") {
				want = 400
			}
			if st != want || !strings.Contains(body, c.msg) {
				t.Fatalf("past the limit: status %d, want %d with %q: %.300s", st, want, c.msg, body)
			}
		})
	}

	t.Run("RPC a transaction's operations share the limits", func(t *testing.T) {
		op := func(n int) string { return `{"model":"post","op":"count","args":{"where":` + or(n) + `}}` }
		st, body := do("POST", "/api/rpc/$transaction/sequential", `[`+op(lim.MaxTerms/2)+`,`+op(lim.MaxTerms/2)+`]`)
		if st != 200 {
			t.Fatalf("status %d: %.300s", st, body)
		}
		st, body = do("POST", "/api/rpc/$transaction/sequential", `[`+op(lim.MaxTerms/2)+`,`+op(lim.MaxTerms/2+1)+`]`)
		if st != 422 || !strings.Contains(body, terms) {
			t.Fatalf("status %d: %.300s", st, body)
		}
	})
	t.Run("RPC nested writes count", func(t *testing.T) {
		connect := func(n int) string {
			return `{"where":{"id":1},"data":{"tags":{"connect":[` + list(n, func(i int) string { return `{"id":1}` }) + `]}},"select":{"id":true}}`
		}
		// The where of the update is a term too.
		if st, body := do("PUT", "/api/rpc/post/update", connect(lim.MaxTerms-1)); st != 200 {
			t.Fatalf("status %d: %.300s", st, body)
		}
		if st, body := do("PUT", "/api/rpc/post/update", connect(lim.MaxTerms)); st != 422 || !strings.Contains(body, terms) {
			t.Fatalf("status %d: %.300s", st, body)
		}
	})
}
