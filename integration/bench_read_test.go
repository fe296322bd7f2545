package integration

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// The read benchmarks of the JSON:API flavour: the same request through the
// generated handler (/api/rest/…) and the hand-written one (/…). Compare
// ns/op of the two sub-benchmarks; the ratio handwritten/generated is the
// generated path's relative throughput.
func BenchmarkRESTRead(b *testing.B) {
	env := benchSetup(b)
	cases := []struct{ name, path string }{
		{"list100-published-viewCount", "/post?filter%5Bpublished%5D=true&sort=-viewCount&page%5Blimit%5D=100"},
		{"list100-published-viewCount-include-author", "/post?filter%5Bpublished%5D=true&sort=-viewCount&page%5Blimit%5D=100&include=author"},
		{"get-one-post", "/post/5001"},
	}
	for _, c := range cases {
		b.Run(c.name+"/generated", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				serve(b, env.generated, httptest.NewRequest(http.MethodGet, "/api/rest"+c.path, nil), http.StatusOK)
			}
		})
		b.Run(c.name+"/handwritten", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				serve(b, env.handmade, httptest.NewRequest(http.MethodGet, c.path, nil), http.StatusOK)
			}
		})
	}
}
