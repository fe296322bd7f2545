package integration

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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
	cases := []struct {
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
	for _, c := range cases {
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
