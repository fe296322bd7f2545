package restapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/entstack/entstack/openapi"
	"github.com/entstack/entstack/resource"
)

// MediaType is the JSON:API media type.
const MediaType = "application/vnd.api+json"

// Handler serves the JSON:API. It is safe for concurrent use.
type Handler struct {
	reg  *resource.Registry
	opts Options
	ids  idMap
	spec *openapi.Cache // the OpenAPI document, built on first request
}

// New returns a handler over the models of reg (a generated client's
// Resources()), or an error naming every option that cannot work, such as
// an ExternalIDs attribute that is not unique.
func New(reg *resource.Registry, opts Options) (*Handler, error) {
	err := opts.validate()
	var ids idMap
	if reg == nil {
		err = errors.Join(errors.New("the registry is nil: pass the generated client's Resources()"), err)
	} else {
		var idErr error
		ids, idErr = newIDMap(reg, opts.ExternalIDs)
		err = errors.Join(err, idErr)
	}
	if err != nil {
		return nil, fmt.Errorf("restapi.New: %w", err)
	}
	h := &Handler{reg: reg, opts: opts.withDefaults(), ids: ids}
	h.spec = openapi.NewCache(h.OpenAPI, "")
	return h, nil
}

// ServeHTTP serves a request whose URL path is relative to the API's root
// (mount it with http.StripPrefix).
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.Serve(w, r, r.URL.Path)
}

// route is a parsed request path.
type route struct {
	model    *resource.Model
	id       string         // "" for a collection
	edge     *resource.Edge // related or relationship endpoint
	relation bool           // /:type/:id/relationships/:rel
	child    string         // nested route /:type/:id/:rel/:child (Options.NestedRoutes)
	path     string         // the path under the endpoint, "/post/1"
}

// Serve serves a request for path, the part of the URL after the API root
// (gin passes its wildcard parameter).
func (h *Handler) Serve(w http.ResponseWriter, r *http.Request, path string) {
	if path == OpenAPIPath && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		h.spec.ServeHTTP(w, r)
		return
	}
	rt, err := h.route(path)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if err := negotiate(r); err != nil {
		h.writeError(w, r, err)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		err = h.get(w, r, rt)
	default:
		err = h.write(w, r, rt)
	}
	if err != nil {
		h.writeError(w, r, err)
	}
}

func (h *Handler) route(path string) (*route, error) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	if len(segs) == 0 || segs[0] == "" || len(segs) > 4 {
		return nil, noEndpoint(path)
	}
	m, ok := h.reg.Model(segs[0])
	if !ok {
		return nil, resource.Errorf(resource.NotFound, resource.CodeUnknownType, "unknown resource type %q", segs[0])
	}
	rt := &route{model: m, path: "/" + strings.Join(segs, "/")}
	if len(segs) >= 2 {
		rt.id = segs[1]
		if rt.id == "" {
			return nil, noEndpoint(path)
		}
	}
	switch len(segs) {
	case 3:
		e, ok := m.Relationship(segs[2])
		if !ok {
			return nil, resource.Errorf(resource.NotFound, resource.CodeUnknownRelation, "%s has no relationship %q", m.Type(), segs[2])
		}
		rt.edge = e
	case 4:
		if segs[2] != "relationships" {
			// /user/1/posts/5: a nested route, when enabled
			e, ok := m.Relationship(segs[2])
			if !ok || !h.nestable(e) || e.Unique() || segs[3] == "" {
				return nil, noEndpoint(path)
			}
			rt.edge, rt.child = e, segs[3]
			break
		}
		e, ok := m.Relationship(segs[3])
		if !ok {
			return nil, resource.Errorf(resource.NotFound, resource.CodeUnknownRelation, "%s has no relationship %q", m.Type(), segs[3])
		}
		rt.edge, rt.relation = e, true
	}
	return rt, nil
}

// noEndpoint is the 400 of a path that names no endpoint (ZenStack's
// invalid-path).
func noEndpoint(path string) *resource.Error {
	return resource.Errorf(resource.Invalid, CodeInvalidPath, "no such endpoint %q", path)
}

// sendDoc sends a document and recycles its buffer.
func (h *Handler) sendDoc(w http.ResponseWriter, code int, doc *docWriter) {
	h.send(w, code, doc.buf)
	doc.release()
}

// send sends a JSON:API response body.
func (h *Handler) send(w http.ResponseWriter, code int, body []byte) {
	hd := w.Header()
	hd.Set("Content-Type", MediaType)
	hd.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
