package integration

import (
	"net/http"
	"net/url"
	"syscall"
	"testing"
	"time"
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
			defer cpuPerOp(b)()
			for b.Loop() {
				env.serve(b, env.handler, request{target: "/api/rpc" + path}, http.StatusOK)
			}
		})
		b.Run(c.name+"/handwritten", func(b *testing.B) {
			b.ReportAllocs()
			defer cpuPerOp(b)()
			for b.Loop() {
				env.serve(b, env.handmade, request{target: "/rpc" + path}, http.StatusOK)
			}
		})
	}
}

// cpuPerOp reports the process CPU time (user + system) per operation as
// cpu-ns/op: on a shared, loaded machine wall-clock ns/op mostly measures
// the neighbours, CPU time what the request costs.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
