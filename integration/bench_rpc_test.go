package integration

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
)

// BenchmarkRPCRead compares the generated RPC handler (/api/rpc/…) with the
// hand-written gin + Ent handler (/rpc/…) on the same findMany: 100
// published posts by view count, with their authors, over the benchmark's
// 10,000 posts in SQLite.
func BenchmarkRPCRead(b *testing.B) {
	env := benchSetup(b)
	cases := []struct{ name, q string }{
		{"findMany100-include-author", `{"where":{"published":true},"include":{"author":true},"orderBy":{"viewCount":"desc"},"take":100}`},
		{"findMany100", `{"where":{"published":true},"orderBy":{"viewCount":"desc"},"take":100}`},
	}
	for _, c := range cases {
		path := "/post/findMany?q=" + url.QueryEscape(c.q)
		b.Run(c.name+"/generated", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				serve(b, env.generated, httptest.NewRequest(http.MethodGet, "/api/rpc"+path, nil), http.StatusOK)
			}
		})
		b.Run(c.name+"/handwritten", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				serve(b, env.handmade, httptest.NewRequest(http.MethodGet, "/rpc"+path, nil), http.StatusOK)
			}
		})
	}
}
