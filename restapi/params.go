package restapi

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/entstack/entstack/resource"
)

// params is what the query string of a request asks for, parsed and
// checked against the models; building it never touches the database.
type params struct {
	where   resource.Filter
	order   []resource.Order
	offset  int
	limit   int // resource plan limit: < 0 means none
	include []*includePath
	// includeSelf puts the primary rows in included: a relationship
	// endpoint's data is linkage, and include=rel asks for the resources.
	includeSelf bool
	fields      map[*resource.Model]*selection
}

// includePath is one parsed member of the include parameter.
type includePath struct{ edges []*resource.Edge }

// selection is a sparse fieldset: the fields and edges of one type that a
// response shows.
type selection struct {
	fields []bool
	edges  []bool
}

// query-parameter families this handler processes; any other is a 400
// (JSON:API requires it for parameters a server does not know).
var families = map[string]bool{"filter": true, "sort": true, "page": true, "include": true, "fields": true}

// collectionOnly families make sense only for collections.
var collectionOnly = map[string]bool{"filter": true, "sort": true, "page": true}

// queryOf parses the query string of r. r.URL.Query() silently drops the
// pairs it cannot parse (a bad %-escape, a ';' separator), which would serve
// a request without the parameters it asked for: here that is a 400.
func queryOf(r *http.Request) (url.Values, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, resource.Errorf(resource.Invalid, resource.CodeInvalidParameter, "malformed query string: %v", err)
	}
	return q, nil
}

// parseParams parses the query string of a request on model m.
// collection says whether the endpoint returns a collection.
func (h *Handler) parseParams(m *resource.Model, q url.Values, collection bool) (*params, error) {
	p := &params{limit: h.opts.PageSize}
	if p.limit == Unlimited {
		p.limit = -1
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic errors and filter order
	var filters []resource.Filter
	budget := h.reg.Budget() // the registry's limits on filters and sorts
	for _, key := range keys {
		vals := q[key]
		family := key
		if i := strings.IndexByte(key, '['); i >= 0 {
			family = key[:i]
		}
		if !families[family] {
			return nil, paramError(key, "unknown query parameter %q: supported are filter[…], sort, page[offset], page[limit], include and fields[…]", key)
		}
		if collectionOnly[family] && !collection {
			return nil, paramError(key, "%s applies to collections only", family)
		}
		if len(vals) > 1 {
			if family == "fields" {
				return nil, resource.Errorf(resource.Invalid, CodeDuplicatedFields, "query parameter %q is given %d times", key, len(vals)).AtParameter(key)
			}
			return nil, paramError(key, "query parameter %q is given %d times", key, len(vals))
		}
		val := vals[0]
		var err error
		switch family {
		case "filter":
			var f resource.Filter
			if f, err = parseFilter(m, key, val, h.ids); err == nil {
				err = budget.Filter(f)
			}
			filters = append(filters, f)
		case "sort":
			if p.order, err = parseSort(m, key, val); err == nil {
				err = budget.Orders(p.order)
			}
		case "page":
			err = h.parsePage(p, key, val)
		case "include":
			p.include, err = h.parseInclude(m, key, val)
		case "fields":
			err = h.parseFields(p, key, val)
		}
		if err != nil {
			if e, ok := err.(*resource.Error); ok && e.Source == (resource.Source{}) {
				e.Source.Parameter = key
			}
			return nil, err
		}
	}
	p.where = resource.AndOf(filters...)
	return p, nil
}

func paramError(param, format string, args ...any) *resource.Error {
	return resource.Errorf(resource.Invalid, resource.CodeInvalidParameter, format, args...).AtParameter(param)
}

// brackets splits "family[a][b]" into ["a", "b"]; ok is false when the
// brackets are malformed or a segment is empty.
func brackets(key, family string) ([]string, bool) {
	rest := key[len(family):]
	if rest == "" {
		return nil, true
	}
	if rest[0] != '[' || rest[len(rest)-1] != ']' {
		return nil, false
	}
	segs := strings.Split(rest[1:len(rest)-1], "][")
	for _, s := range segs {
		if s == "" || strings.ContainsAny(s, "[]") {
			return nil, false
		}
	}
	return segs, true
}

func (h *Handler) parsePage(p *params, key, val string) error {
	segs, ok := brackets(key, "page")
	if !ok || len(segs) != 1 || (segs[0] != "offset" && segs[0] != "limit") {
		return paramError(key, "unknown page parameter %q: use page[offset] and page[limit]", key)
	}
	n, err := strconv.Atoi(val)
	if err != nil || n < 0 {
		return paramError(key, "%s must be a non-negative integer, got %q", key, val)
	}
	if segs[0] == "offset" {
		p.offset = n
		return nil
	}
	if n == 0 {
		return paramError(key, "page[limit] must be at least 1")
	}
	if max := h.opts.MaxPageSize; max != Unlimited && n > max {
		n = max // ZenStack clamps; the links carry the limit applied
	}
	p.limit = n
	return nil
}

// parseSort parses "createdAt,-viewCount,author.name,-author". A to-one
// relationship as the last name sorts by the related id, as in ZenStack
// (by the foreign key when it is on this side: the same order, one column).
func parseSort(m *resource.Model, key, val string) ([]resource.Order, error) {
	if key != "sort" {
		return nil, paramError(key, "unknown query parameter %q", key)
	}
	var out []resource.Order
	for _, term := range strings.Split(val, ",") {
		o := resource.Order{}
		if strings.HasPrefix(term, "-") {
			o.Desc, term = true, term[1:]
		}
		if term == "" {
			return nil, paramError(key, "empty sort field in %q", val)
		}
		names := strings.Split(term, ".")
		cur := m
		for _, name := range names[:len(names)-1] {
			e, ok := cur.Relationship(name)
			if !ok {
				return nil, paramError(key, "cannot sort by %q: %s has no relationship %q", term, cur.Type(), name)
			}
			if !e.Unique() {
				return nil, paramError(key, "cannot sort by %q: %q is a to-many relationship", term, name)
			}
			o.Path = append(o.Path, e)
			cur = e.Target()
		}
		last := names[len(names)-1]
		f, ok := cur.Attribute(last)
		if e, isEdge := cur.Relationship(last); !ok && isEdge {
			if !e.Unique() {
				return nil, paramError(key, "cannot sort by %q: %q is a to-many relationship", term, last)
			}
			if f = e.FK(); f == nil {
				o.Path = append(o.Path, e)
				f = e.Target().ID()
			}
			ok = true
		}
		if !ok {
			return nil, paramError(key, "cannot sort by %q: %s has no attribute %q", term, cur.Type(), last)
		}
		if !f.Kind().Ordered() && f.Kind() != resource.KindBool {
			return nil, paramError(key, "cannot sort by %q: %s values are not ordered", term, f.Kind())
		}
		o.Field = f
		out = append(out, o)
	}
	return out, nil
}

// parseInclude parses "author,comments.author".
func (h *Handler) parseInclude(m *resource.Model, key, val string) ([]*includePath, error) {
	if key != "include" {
		return nil, paramError(key, "unknown query parameter %q", key)
	}
	if val == "" {
		return nil, nil
	}
	var out []*includePath
	for _, path := range strings.Split(val, ",") {
		names := strings.Split(path, ".")
		if len(names) > h.opts.MaxIncludeDepth {
			return nil, paramError(key, "include path %q is deeper than %d relationships", path, h.opts.MaxIncludeDepth)
		}
		ip := &includePath{}
		cur := m
		for _, name := range names {
			e, ok := cur.Relationship(name)
			if !ok {
				return nil, resource.Errorf(resource.Invalid, resource.CodeUnknownRelation, "cannot include %q: %s has no relationship %q", path, cur.Type(), name).AtParameter(key)
			}
			ip.edges = append(ip.edges, e)
			cur = e.Target()
		}
		out = append(out, ip)
	}
	return out, nil
}

// parseFields parses fields[type]=a,b (attributes and relationships).
func (h *Handler) parseFields(p *params, key, val string) error {
	segs, ok := brackets(key, "fields")
	if !ok || len(segs) != 1 {
		return paramError(key, "malformed %q: use fields[TYPE]=field,field", key)
	}
	m, ok := h.reg.Model(segs[0])
	if !ok {
		return resource.Errorf(resource.Invalid, resource.CodeUnknownType, "unknown resource type %q in %s", segs[0], key).AtParameter(key)
	}
	sel := &selection{fields: make([]bool, len(m.Fields())), edges: make([]bool, len(m.Edges()))}
	if val != "" {
		for _, name := range strings.Split(val, ",") {
			if f, ok := m.Attribute(name); ok && f.Index() >= 0 {
				sel.fields[f.Index()] = true
			} else if e, ok := m.Relationship(name); ok {
				sel.edges[e.Index()] = true
			} else {
				return paramError(key, "%s has no field %q", m.Type(), name)
			}
		}
	}
	if p.fields == nil {
		p.fields = map[*resource.Model]*selection{}
	}
	p.fields[m] = sel
	return nil
}
