package integration

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/entstack/entstack/restapi"
)

// The write benchmarks of the JSON:API flavour: the same requests through
// the generated handler (/api/rest/…) and the hand-written one
// (integration/handwritten: gin, the typed Ent client, one transaction, no
// policy logic of its own) over the same SQLite file. Both run as system
// work (the Ent client's compiled policies bypassed), so they do the same
// work; the generated handler runs once more as the post's author with a
// bearer token (token check, user load and the Post and Tag policies on
// top), for the price of policies.
func BenchmarkRESTWrite(b *testing.B) {
	env := benchSetup(b)
	for _, c := range writeCases {
		for _, side := range writeSides(env) {
			b.Run(c.name+"/"+side.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					env.serve(b, side.h, side.request(c.method, c.path, c.body), c.status)
				}
			})
		}
	}
}

// writeSide is one way of serving the benchmark's requests.
type writeSide struct {
	name    string
	h       http.Handler
	request func(method, path, body string) request
}

func writeSides(env *benchEnv) []writeSide {
	req := func(prefix string, as viewer) func(method, path, body string) request {
		return func(method, path, body string) request {
			return request{method: method, target: prefix + path, body: body, as: as, header: []string{"Content-Type", restapi.MediaType}}
		}
	}
	return []writeSide{
		{"generated", env.handler, req("/api/rest", system)},
		{"generated-as-author", env.handler, req("/api/rest", benchAuthor)},
		{"handwritten", env.handmade, req("", system)},
	}
}

// BenchmarkRESTWriteInterleaved alternates the handlers request by request
// and reports the median time of each and the ratios hand-written time /
// generated time (the generated path's relative throughput). On a shared,
// loaded machine this is steadier than comparing sub-benchmarks that ran
// seconds apart.
func BenchmarkRESTWriteInterleaved(b *testing.B) {
	env := benchSetup(b)
	sides := writeSides(env)
	for _, c := range writeCases {
		b.Run(c.name, func(b *testing.B) {
			times := make([][]time.Duration, len(sides))
			for b.Loop() {
				for i, side := range sides {
					r, err := env.newRequest(side.request(c.method, c.path, c.body))
					if err != nil {
						b.Fatal(err)
					}
					t0 := time.Now()
					serve(b, side.h, r, c.status)
					times[i] = append(times[i], time.Since(t0))
				}
			}
			hand := median(times[2])
			for i, side := range sides {
				m := median(times[i])
				b.ReportMetric(float64(m.Nanoseconds()), side.name+"-ns/op")
				if i < 2 {
					b.ReportMetric(float64(hand)/float64(m), side.name+"-ratio")
				}
			}
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
	{"update-post-title", http.MethodPatch, "/post/75",
		`{"data":{"type":"post","id":"75","attributes":{"title":"Retitled by the benchmark"}}}`,
		http.StatusOK},
}
