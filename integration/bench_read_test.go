package integration

import (
	"net/http"
	"net/url"
	"testing"
	"time"
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
				env.serve(b, env.handler, request{target: "/api/rest" + c.path}, http.StatusOK)
			}
		})
		b.Run(c.name+"/handwritten", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				env.serve(b, env.handmade, request{target: c.path}, http.StatusOK)
			}
		})
	}
}

// BenchmarkReadInterleaved alternates the generated and the hand-written
// handler request by request on the read scenarios of both flavours and
// reports each one's median time and ratio = hand-written / generated (the
// generated path's relative throughput; ≥ 1 means faster).
func BenchmarkReadInterleaved(b *testing.B) {
	env := benchSetup(b)
	rpc := func(q string) string { return "/post/findMany?q=" + url.QueryEscape(q) }
	cases := []struct{ name, generated, handwritten string }{
		{"rest-list100", "/api/rest/post?filter%5Bpublished%5D=true&sort=-viewCount&page%5Blimit%5D=100",
			"/post?filter%5Bpublished%5D=true&sort=-viewCount&page%5Blimit%5D=100"},
		{"rest-list100-include-author", "/api/rest/post?filter%5Bpublished%5D=true&sort=-viewCount&page%5Blimit%5D=100&include=author",
			"/post?filter%5Bpublished%5D=true&sort=-viewCount&page%5Blimit%5D=100&include=author"},
		{"rest-get-one", "/api/rest/post/5001", "/post/5001"},
		{"rpc-findMany100-include-author",
			"/api/rpc" + rpc(`{"where":{"published":true},"include":{"author":true},"orderBy":{"viewCount":"desc"},"take":100}`),
			"/rpc" + rpc(`{"where":{"published":true},"include":{"author":true},"orderBy":{"viewCount":"desc"},"take":100}`)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var gen, hand []time.Duration
			for b.Loop() {
				t0 := time.Now()
				env.serve(b, env.handler, request{target: c.generated}, http.StatusOK)
				gen = append(gen, time.Since(t0))
				t0 = time.Now()
				env.serve(b, env.handmade, request{target: c.handwritten}, http.StatusOK)
				hand = append(hand, time.Since(t0))
			}
			g, h := median(gen), median(hand)
			b.ReportMetric(float64(g.Nanoseconds()), "generated-ns/op")
			b.ReportMetric(float64(h.Nanoseconds()), "handwritten-ns/op")
			b.ReportMetric(float64(h)/float64(g), "ratio")
		})
	}
}
