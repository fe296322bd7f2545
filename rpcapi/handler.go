package rpcapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/entstack/entstack/openapi"
	"github.com/entstack/entstack/resource"
)

// Handler serves the RPC API. It is safe for concurrent use.
type Handler struct {
	reg  *resource.Registry
	opts Options
	spec *openapi.Cache // the OpenAPI document, built on first request
	docs *openapi.Cache // its compact view for documentation pages
}

// New returns a handler over the models of reg (a generated client's
// Resources()), or an error naming every option that cannot work.
func New(reg *resource.Registry, opts Options) (*Handler, error) {
	err := opts.validate()
	if reg == nil {
		err = errors.Join(errors.New("the registry is nil: pass the generated client's Resources()"), err)
	}
	if err != nil {
		return nil, fmt.Errorf("rpcapi.New: %w", err)
	}
	h := &Handler{reg: reg, opts: opts.withDefaults()}
	h.spec = openapi.NewCache(h.OpenAPI, OpenAPIPath)
	h.docs = openapi.NewCache(h.compact, OpenAPIPath)
	return h, nil
}

// ServeHTTP serves a request whose URL path is relative to the API's root
// (mount it with http.StripPrefix).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.Serve(w, r, r.URL.Path)
}

// operation is one RPC operation: the HTTP verbs it is served on, the status
// of a success and the function that runs it.
type operation struct {
	verbs  []string
	status int
	run    func(h *Handler, c *call) error
}

var (
	get    = []string{http.MethodGet}
	post   = []string{http.MethodPost}
	update = []string{http.MethodPatch, http.MethodPut}
	del    = []string{http.MethodDelete}
)

// operations are the routed operations (RPC-WIRE-02). Writes are added by
// writes.go when the runtime supports them.
var operations = map[string]*operation{
	"findMany":   {get, http.StatusOK, (*Handler).findMany},
	"findUnique": {get, http.StatusOK, (*Handler).findUnique},
	"findFirst":  {get, http.StatusOK, (*Handler).findFirst},
	// The OrThrow variants are not routed by ZenStack; Prisma clients of
	// this API may call them (RPC-OP-02, RPC-OP-04).
	"findUniqueOrThrow": {get, http.StatusOK, (*Handler).findUniqueOrThrow},
	"findFirstOrThrow":  {get, http.StatusOK, (*Handler).findFirstOrThrow},
	"count":             {get, http.StatusOK, (*Handler).count},
	"exists":            {get, http.StatusOK, (*Handler).exists},
	"aggregate":         {get, http.StatusOK, (*Handler).aggregate},
	"groupBy":           {get, http.StatusOK, (*Handler).groupBy},
}

// call is one request being served: its model, arguments and response.
type call struct {
	r     *http.Request
	model *resource.Model
	op    string
	args  object
	order keyOrder // member order of the orderBy objects of args
	out   *writer
	// budget is the request's share of the registry's Limits, shared by
	// the operations of a transaction.
	budget *resource.Budget
}

// Serve serves a request for path, the part of the URL after the API root
// (gin passes its wildcard parameter).
func (h *Handler) Serve(w http.ResponseWriter, r *http.Request, path string) {
	if path == OpenAPIPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		if r.URL.Query().Get("view") == "docs" {
			h.docs.ServeHTTP(w, r)
		} else {
			h.spec.ServeHTTP(w, r)
		}
		return
	}
	if strings.Trim(path, "/") == "$transaction/sequential" {
		if err := h.transaction(w, r); err != nil {
			h.writeError(w, r, err, nil)
		}
		return
	}
	c, oper, err := h.route(r, path)
	if err == nil {
		c.args, c.order, err = h.readArgs(r)
	}
	if err == nil {
		c.out = newWriter()
		err = oper.run(h, c)
	}
	if c != nil && c.out != nil {
		defer c.out.release()
	}
	if err != nil {
		h.writeError(w, r, err, c)
		return
	}
	h.send(w, oper.status, c.out.finish())
}

// route resolves /<model>/<operation> (RPC-WIRE-01) and checks the verb
// (RPC-WIRE-02). Every mismatch is a 400, as in ZenStack.
func (h *Handler) route(r *http.Request, path string) (*call, *operation, error) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) != 2 || segs[0] == "" || segs[1] == "" {
		return nil, nil, requestError("invalid request path %q: expected /<model>/<operation>", path)
	}
	m, ok := h.reg.Model(segs[0])
	if !ok {
		m, ok = h.reg.Model(lowerFirst(segs[0]))
	}
	if !ok {
		return nil, nil, requestError("unknown model name: %s", segs[0])
	}
	oper, ok := operations[segs[1]]
	if !ok {
		return nil, nil, requestError("invalid operation: %s", segs[1])
	}
	okVerb := false
	for _, v := range oper.verbs {
		okVerb = okVerb || v == r.Method
	}
	if !okVerb {
		return nil, nil, requestError("invalid request method, only %s is supported", strings.Join(oper.verbs, " or "))
	}
	return &call{r: r, model: m, op: segs[1]}, oper, nil
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}

// send sends a JSON response body.
func (h *Handler) send(w http.ResponseWriter, code int, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", "application/json; charset=utf-8")
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
