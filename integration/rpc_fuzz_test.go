package integration

import (
	"net/http/httptest"
	"net/url"
	"testing"
)

// FuzzRPCArgs sends arbitrary arguments to the read operations: bad input
// must always be a 4xx, never a 500 or a panic (RPC-WIRE-11).
func FuzzRPCArgs(f *testing.F) {
	for _, s := range []string{
		`{"where":{"author":{"is":{"name":"Bob"}}},"include":{"comments":{"take":1}}}`,
		`{"where":{"OR":[{"id":1},{"viewCount":{"gt":3}}],"NOT":{"title":{"contains":"a","mode":"insensitive"}}}}`,
		`{"orderBy":[{"author":{"name":"asc"}},{"comments":{"_count":"desc"}}],"take":-2,"cursor":{"id":3}}`,
		`{"select":{"id":true,"_count":{"select":{"comments":{"where":{"content":"x"}}}}}}`,
		`{"distinct":["authorId"],"skip":1}`,
		`{"by":["authorId"],"_sum":{"viewCount":true},"having":{"viewCount":{"_avg":{"gt":1}}},"orderBy":{"_count":{"id":"desc"}}}`,
		`{"_count":{"_all":true},"_min":{"createdAt":true},"_max":{"title":true}}`,
		`{"where":{"createdAt":{"between":["2026-01-01","2026-02-01"]},"rating":{"not":null}}}`,
		`{"include":{"posts":{"cursor":{"id":2},"take":-2,"skip":1,"orderBy":[{"comments":{"_count":"desc"}},{"rating":"desc"}]}}}`,
		`{"select":{"posts":{"distinct":["published"],"orderBy":{"author":{"name":"asc"}},"take":1,"select":{"tags":{"cursor":{"name":"go"},"distinct":"name"}}}}}`,
	} {
		for _, op := range []string{"post/findMany", "post/groupBy", "post/aggregate", "user/findFirst", "comment/count"} {
			f.Add(op, s)
		}
	}
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, op, q string) {
		switch op {
		case "post/findMany", "post/groupBy", "post/aggregate", "user/findFirst", "comment/count", "post/findUnique", "user/exists":
		default:
			op = "post/findMany"
		}
		req, err := e.newRequest(request{target: "/api/rpc/" + op + "?q=" + url.QueryEscape(q)})
		if err != nil {
			t.Fatal(err)
		}
		// in-process: the fuzzer runs many inputs a second
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d %s", op, q, rec.Code, rec.Body.String())
		}
	})
}
