package integration

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/entstack/entstack/restapi"
)

// The write benchmarks of the JSON:API flavour: the same requests through
// the generated handler (/api/rest/…) and the hand-written one
// (integration/handwritten: gin, the typed Ent client, one transaction, no
// read-back) over the same SQLite file. The generated path does more per
// request: it checks that the related rows exist (404 rather than a
// foreign-key 409) and reads the result back with the viewer's rights.
func BenchmarkRESTWrite(b *testing.B) {
	env := benchSetup(b)
	for _, c := range writeCases {
		for _, side := range []struct {
			name   string
			h      http.Handler
			prefix string
		}{{"generated", env.generated, "/api/rest"}, {"handwritten", env.handmade, ""}} {
			b.Run(c.name+"/"+side.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					req := httptest.NewRequest(c.method, side.prefix+c.path, strings.NewReader(c.body))
					req.Header.Set("Content-Type", restapi.MediaType)
					serve(b, side.h, req, c.status)
				}
			})
		}
	}
}

// BenchmarkRESTWriteInterleaved alternates the generated and the
// hand-written handler request by request and reports the median of each
// and their ratio (hand-written time / generated time: the generated path's
// relative throughput). On a shared, loaded machine this is steadier than
// comparing two sub-benchmarks that ran seconds apart.
func BenchmarkRESTWriteInterleaved(b *testing.B) {
	env := benchSetup(b)
	for _, c := range writeCases {
		b.Run(c.name, func(b *testing.B) {
			var gen, hand []time.Duration
			run := func(h http.Handler, path string) time.Duration {
				req := httptest.NewRequest(c.method, path, strings.NewReader(c.body))
				req.Header.Set("Content-Type", restapi.MediaType)
				t0 := time.Now()
				serve(b, h, req, c.status)
				return time.Since(t0)
			}
			for b.Loop() {
				gen = append(gen, run(env.generated, "/api/rest"+c.path))
				hand = append(hand, run(env.handmade, c.path))
			}
			g, h := median(gen), median(hand)
			b.ReportMetric(float64(g.Nanoseconds()), "generated-ns/op")
			b.ReportMetric(float64(h.Nanoseconds()), "handwritten-ns/op")
			b.ReportMetric(float64(h)/float64(g), "ratio")
		})
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

// writeCases are the requests the write benchmarks send.
var writeCases = []struct {
	name, method, path, body string
	status                   int
}{
	{"create-post-author-2-tags", http.MethodPost, "/post",
		`{"data":{"type":"post","attributes":{"title":"Benchmarked","content":"A post created by the benchmark.","published":true},` +
			`"relationships":{"author":{"data":{"type":"user","id":"7"}},"tags":{"data":[{"type":"tag","id":"3"},{"type":"tag","id":"4"}]}}}}`,
		http.StatusCreated},
	{"update-post-title", http.MethodPatch, "/post/5001",
		`{"data":{"type":"post","id":"5001","attributes":{"title":"Retitled by the benchmark"}}}`,
		http.StatusOK},
}
