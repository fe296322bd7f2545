// Package probe exercises the APIs of any generated Ent client over HTTP,
// driven only by its registry: every model listed with every include and
// every sortable field, RPC reads, creates in dependency order, reads of
// each row and its relations, updates and deletes. Any 5xx is a failure.
//
// It is how entstack checks schemas it has never seen: the schema zoo
// (integration/zoo) and Ent's own example schemas (integration/zoo/entexamples)
// generate a client in a fresh module and run Main over it.
package probe

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"

	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/restapi"
	"github.com/entstack/entstack/rpcapi"
)

// Options configure Run.
type Options struct {
	// Bypass runs every request with privacy.Bypass: a model without
	// rules is denied to everyone, which would leave little to probe.
	Bypass bool
	// Rows is the number of rows created per model (default 2: one through
	// each API).
	Rows int
	// Log receives one line per failure as it happens (nil: none).
	Log io.Writer
	// Trace receives one line per 4xx response (nil: none).
	Trace io.Writer
}

// Report is what a Run saw.
type Report struct {
	Requests int
	Status   map[int]int       // responses by status
	Failures []Failure         // 5xx responses, and 2xx ones that are not JSON
	Refused  []string          // creates, updates and deletes answered 4xx (not failures)
	Created  map[string]int    // rows created per model type
	Deleted  map[string]int    // rows deleted per model type
	Skipped  map[string]string // models not created, and why
}

// Failure is one request that failed.
type Failure struct {
	Method, URL, Body string
	Status            int
	Response          string
}

func (f Failure) String() string {
	body := ""
	if f.Body != "" {
		body = " " + f.Body
	}
	return fmt.Sprintf("%s %s%s: %d %s", f.Method, f.URL, body, f.Status, f.Response)
}

// OK reports whether nothing failed.
func (r *Report) OK() bool { return len(r.Failures) == 0 }

// Summary is one line: requests, statuses, rows created and deleted.
func (r *Report) Summary() string {
	codes := make([]int, 0, len(r.Status))
	for c := range r.Status {
		codes = append(codes, c)
	}
	sort.Ints(codes)
	var parts []string
	for _, c := range codes {
		parts = append(parts, fmt.Sprintf("%d×%d", r.Status[c], c))
	}
	created, deleted := 0, 0
	for _, n := range r.Created {
		created += n
	}
	for _, n := range r.Deleted {
		deleted += n
	}
	return fmt.Sprintf("%d requests (%s), %d rows created in %d models, %d deleted, %d failures",
		r.Requests, strings.Join(parts, " "), created, len(r.Created), deleted, len(r.Failures))
}

// Run probes the models of reg through both APIs, served over HTTP.
func Run(ctx context.Context, reg *resource.Registry, opts Options) *Report {
	if opts.Rows <= 0 {
		opts.Rows = 2
	}
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	rest, err := restapi.New(reg, restapi.Options{Endpoint: srv.URL + "/api/rest"})
	if err != nil {
		panic(err) // the options are constants
	}
	rpc, err := rpcapi.New(reg, rpcapi.Options{})
	if err != nil {
		panic(err)
	}
	wrap := func(h http.Handler) http.Handler {
		if !opts.Bypass {
			return h
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h.ServeHTTP(w, r.WithContext(privacy.Bypass(r.Context())))
		})
	}
	mux.Handle("/api/rest/", http.StripPrefix("/api/rest", wrap(rest)))
	mux.Handle("/api/rpc/", http.StripPrefix("/api/rpc", wrap(rpc)))
	p := &prober{
		ctx: ctx, reg: reg, opts: opts, base: srv.URL, client: srv.Client(),
		rows: map[*resource.Model][]row{},
		rep:  &Report{Status: map[int]int{}, Created: map[string]int{}, Deleted: map[string]int{}, Skipped: map[string]string{}},
	}
	order := createOrder(reg)
	for _, m := range order {
		p.create(m)
	}
	for _, m := range reg.Models {
		p.read(m)
	}
	// Rows that need others first: unlinking a relation through an edge
	// schema deletes the edge schema's row.
	for i := len(order) - 1; i >= 0; i-- {
		p.update(order[i])
	}
	for i := len(order) - 1; i >= 0; i-- {
		p.delete(order[i])
	}
	return p.rep
}

// row is a created row: its JSON:API id, its RPC unique where and its
// attributes as read back.
type row struct {
	id    string
	where map[string]any
	attrs map[string]any
}

type prober struct {
	ctx    context.Context
	reg    *resource.Registry
	opts   Options
	base   string
	client *http.Client
	rows   map[*resource.Model][]row
	rep    *Report
	serial int
}

// do sends one request and records its outcome; it returns the status and
// the decoded JSON body (nil when there is none).
func (p *prober) do(method, path string, body any) (int, map[string]any) {
	var rd io.Reader
	var raw string
	if body != nil {
		b, _ := json.Marshal(body)
		raw = string(b)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(p.ctx, method, p.base+path, rd)
	if err != nil {
		p.fail(Failure{Method: method, URL: path, Body: raw, Response: err.Error()})
		return 0, nil
	}
	if body != nil {
		if strings.HasPrefix(path, "/api/rest") {
			req.Header.Set("Content-Type", restapi.MediaType)
		} else {
			req.Header.Set("Content-Type", "application/json")
		}
	}
	resp, err := p.client.Do(req)
	if err != nil {
		p.fail(Failure{Method: method, URL: path, Body: raw, Response: err.Error()})
		return 0, nil
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	p.rep.Requests++
	p.rep.Status[resp.StatusCode]++
	var doc map[string]any
	if len(out) > 0 {
		if err := json.Unmarshal(out, &doc); err != nil && resp.StatusCode < 300 {
			p.fail(Failure{Method: method, URL: path, Body: raw, Status: resp.StatusCode, Response: "not JSON: " + string(out)})
		}
	}
	if p.opts.Trace != nil && resp.StatusCode >= 400 && resp.StatusCode < 500 {
		fmt.Fprintln(p.opts.Trace, "4xx", Failure{Method: method, URL: path, Body: raw, Status: resp.StatusCode, Response: string(out)})
	}
	if resp.StatusCode >= 500 {
		p.fail(Failure{Method: method, URL: path, Body: raw, Status: resp.StatusCode, Response: string(out)})
	}
	return resp.StatusCode, doc
}

func (p *prober) fail(f Failure) {
	p.rep.Failures = append(p.rep.Failures, f)
	if p.opts.Log != nil {
		fmt.Fprintln(p.opts.Log, "FAIL", f)
	}
}

func (p *prober) refused(format string, args ...any) {
	p.rep.Refused = append(p.rep.Refused, fmt.Sprintf(format, args...))
}

func rest(segs ...string) string {
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "/api/rest/" + strings.Join(segs, "/")
}

func rpc(m *resource.Model, op string, args map[string]any) string {
	path := "/api/rpc/" + m.Type() + "/" + op
	if args != nil {
		b, _ := json.Marshal(args)
		path += "?q=" + url.QueryEscape(string(b))
	}
	return path
}

// errorDetail is the first error's detail and pointer of a JSON:API error
// document, or the message of an RPC one.
func errorDetail(doc map[string]any) (detail, pointer string) {
	if errs, ok := doc["errors"].([]any); ok && len(errs) > 0 {
		e, _ := errs[0].(map[string]any)
		detail, _ = e["detail"].(string)
		if src, ok := e["source"].(map[string]any); ok {
			pointer, _ = src["pointer"].(string)
		}
		return detail, pointer
	}
	if e, ok := doc["error"].(map[string]any); ok {
		detail, _ = e["message"].(string)
		pointer, _ = e["path"].(string)
	}
	return detail, pointer
}
