package restapi

import "testing"

// The body of the write benchmark's create (integration/bench_write_test.go).
const benchCreateBody = `{"data":{"type":"post","attributes":{"title":"Benchmarked","content":"A post created by the benchmark.","published":true},` +
	`"relationships":{"author":{"data":{"type":"user","id":"7"}},"tags":{"data":[{"type":"tag","id":"3"},{"type":"tag","id":"4"}]}}}}`

func BenchmarkParseResource(b *testing.B) {
	m, _ := blogModels.Model("post")
	body := []byte(benchCreateBody)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parseResource(m, body, "", nil); err != nil {
			b.Fatal(err)
		}
	}
}
