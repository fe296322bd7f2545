package deploy

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
)

// proxyErrorHeader marks the proxy's own 502s: "in-doubt" when the request
// reached an instance that died before answering.
const proxyErrorHeader = "X-Proxy-Error"

// proxy is the load balancer in front of the instances: round robin over
// those it has not seen fail. A request that cannot reach an instance
// (connection refused: it was never sent) goes to the next one, as a load
// balancer retries a failed connect; a request whose instance dies after
// receiving it is answered 502 in-doubt, since it may have been committed.
// Every request gets a connection of its own, so that a dead instance shows
// as refused rather than as a reset of a reused connection.
type proxy struct {
	url       string
	backends  []*backend
	next      atomic.Uint64
	transport *http.Transport
}

type backend struct {
	url    *url.URL
	down   atomic.Bool
	served atomic.Int64
}

func newProxy(t *testing.T, urls ...string) *proxy {
	t.Helper()
	p := &proxy{transport: &http.Transport{DisableKeepAlives: true}}
	for _, u := range urls {
		pu, err := url.Parse(u)
		if err != nil {
			t.Fatal(err)
		}
		p.backends = append(p.backends, &backend{url: pu})
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

// pick returns the next instance not known to be down, or nil.
func (p *proxy) pick() *backend {
	for range p.backends {
		b := p.backends[p.next.Add(1)%uint64(len(p.backends))]
		if !b.down.Load() {
			return b
		}
	}
	return nil
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	for b := p.pick(); b != nil; b = p.pick() {
		out := r.Clone(r.Context())
		out.RequestURI = ""
		out.URL.Scheme, out.URL.Host = b.url.Scheme, b.url.Host
		out.Body = io.NopCloser(bytes.NewReader(body))
		res, err := p.transport.RoundTrip(out)
		if err != nil {
			b.down.Store(true)
			if isRefused(err) {
				continue // never sent: the next instance takes it
			}
			w.Header().Set(proxyErrorHeader, "in-doubt")
			http.Error(w, "the instance failed: "+err.Error(), http.StatusBadGateway)
			return
		}
		b.served.Add(1)
		for k, v := range res.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(res.StatusCode)
		_, _ = io.Copy(w, res.Body) // an instance dying mid-body cuts the client's response short
		res.Body.Close()
		return
	}
	http.Error(w, "no instance is up", http.StatusServiceUnavailable)
}
