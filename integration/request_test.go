package integration

import (
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// request is one request to an env's server.
type request struct {
	method string // GET when empty
	// target is the path and query ("/api/rest/post?sort=-id"), or an
	// absolute link the server wrote (base + path).
	target string
	body   string
	as     viewer
	// header holds name, value pairs set after the defaults (Content-Type
	// of the flavour, Authorization of the viewer), replacing them.
	header []string
	// chunked sends the body without a Content-Length.
	chunked bool
}

// response is what the server answered.
type response struct {
	status int
	header http.Header
	body   string
	target string // the request's
}

// expect checks the status and the exact body, and that a body carries its
// flavour's media type (JA-CN-01; RPC: application/json).
func (r *response) expect(t testing.TB, status int, body string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
	if r.body != body {
		t.Errorf("body:\n got %s\nwant %s", r.body, body)
	}
	if body != "" {
		r.hasMediaType(t)
	}
}

// hasMediaType checks the Content-Type of the answer against its flavour's:
// JSON:API's exactly (JA-CN-01: no parameters), application/json for RPC.
func (r *response) hasMediaType(t testing.TB) {
	t.Helper()
	ct := r.header.Get("Content-Type")
	switch {
	case strings.HasPrefix(r.target, "/api/rest"):
		require.Equal(t, "application/vnd.api+json", ct, "Content-Type of %d %s", r.status, r.body)
	case strings.HasPrefix(r.target, "/api/rpc"):
		mt, _, err := mime.ParseMediaType(ct)
		require.NoError(t, err, "Content-Type %q", ct)
		require.Equal(t, "application/json", mt, "Content-Type of %d %s", r.status, r.body)
	}
}

// do sends r to the server over HTTP and fails t when it cannot. It is the
// request helper every test of the package uses, directly or through
// rest and rpc.
func (e *env) do(t testing.TB, r request) *response {
	t.Helper()
	res, err := e.send(r)
	require.NoError(t, err)
	return res
}

// send is do for goroutines, where t must not fail (load and concurrency
// tests).
func (e *env) send(r request) (*response, error) {
	req, err := e.newRequest(r)
	if err != nil {
		return nil, err
	}
	res, err := e.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	return &response{status: res.StatusCode, header: res.Header, body: string(b), target: strings.TrimPrefix(r.target, base)}, nil
}

// newRequest builds the HTTP request of r for e's listener; serve it to
// e.handler to skip the network (fuzzing, benchmarks).
func (e *env) newRequest(r request) (*http.Request, error) {
	method := r.method
	if method == "" {
		method = http.MethodGet
	}
	target := strings.TrimPrefix(r.target, base)
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
		if r.chunked {
			body = io.MultiReader(body) // a reader of unknown length
		}
	}
	req, err := http.NewRequest(method, e.url+target, body)
	if err != nil {
		return nil, err
	}
	switch r.as {
	case anonymous:
	case system:
		req.Header.Set(systemHeaderName, "1")
	default:
		tok, err := e.token(r.as)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for i := 0; i+1 < len(r.header); i += 2 {
		req.Header.Set(r.header[i], r.header[i+1])
	}
	return req, nil
}

// rest sends a JSON:API request as v: path is under /api/rest (or an
// absolute link), a body goes as application/vnd.api+json; header are
// name, value pairs replacing the defaults.
func (e *env) rest(t testing.TB, v viewer, method, path, body string, header ...string) *response {
	t.Helper()
	if !strings.HasPrefix(path, "http") {
		path = "/api/rest" + path
	}
	if body != "" {
		header = append([]string{"Content-Type", "application/vnd.api+json"}, header...)
	}
	return e.do(t, request{method: method, target: path, body: body, as: v, header: header})
}

// rpc calls an RPC operation as v: op is "<model>/<operation>" (with a
// query string of its own, if any); args go into the q parameter for GET
// and DELETE, and into a JSON body otherwise.
func (e *env) rpc(t testing.TB, v viewer, method, op, args string) *response {
	t.Helper()
	r := request{method: method, target: "/api/rpc/" + op, as: v}
	switch {
	case args == "":
	case method == "" || method == http.MethodGet || method == http.MethodDelete:
		r.target += "?q=" + url.QueryEscape(args)
	default:
		r.body = args
		r.header = []string{"Content-Type", "application/json"}
	}
	return e.do(t, r)
}
