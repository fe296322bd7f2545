package probe

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/entstack/entstack/resource"
)

// createOrder sorts the models so that the targets of required to-one
// relations come first (a cycle is broken arbitrarily: its creates are
// refused and reported).
func createOrder(reg *resource.Registry) []*resource.Model {
	var out []*resource.Model
	state := map[*resource.Model]int{} // 1 visiting, 2 done
	var visit func(m *resource.Model)
	visit = func(m *resource.Model) {
		if state[m] != 0 {
			return
		}
		state[m] = 1
		for _, e := range m.Edges() {
			if needs(e) {
				visit(e.Target())
			}
		}
		state[m] = 2
		out = append(out, m)
	}
	for _, m := range reg.Models {
		visit(m)
	}
	return out
}

// needs reports whether a create must link the edge.
func needs(e *resource.Edge) bool { return e.Unique() && e.Required() }

// writable reports whether the probe writes the field on create (update).
func writable(f *resource.Field, update bool) bool {
	return f.Conv() != nil && f.Writable(update) && f.Edge() == nil
}

// create creates Options.Rows rows of m, alternately through REST and RPC.
func (p *prober) create(m *resource.Model) {
	if m.ReadOnly() {
		p.rep.Skipped[m.Type()] = "read-only"
		return
	}
	for _, e := range m.Edges() {
		if needs(e) && (e.ReadOnly() || len(p.rows[e.Target()]) == 0) {
			p.rep.Skipped[m.Type()] = fmt.Sprintf("no %s to link the required relation %s to", e.Target().Type(), e.Name())
			return
		}
	}
	for n := 0; n < p.opts.Rows; n++ {
		p.serial++
		var r *row
		if n%2 == 0 {
			r = p.createREST(m, n)
		} else {
			r = p.createRPC(m, n)
		}
		if r != nil {
			p.rows[m] = append(p.rows[m], *r)
			p.rep.Created[m.Type()]++
		}
	}
}

// attempt is the changing input of a create or update: a value index per
// field, and the optional fields dropped after a refusal.
type attempt struct {
	pick    map[*resource.Field]int
	dropped map[*resource.Field]bool
}

func newAttempt() *attempt {
	return &attempt{pick: map[*resource.Field]int{}, dropped: map[*resource.Field]bool{}}
}

// values returns the field values of an attempt, by field.
func (a *attempt) values(m *resource.Model, serial int, update bool) map[*resource.Field]any {
	out := map[*resource.Field]any{}
	for _, f := range m.Fields() {
		if !writable(f, update) || a.dropped[f] {
			continue
		}
		cs := candidates(f, serial)
		if len(cs) == 0 || a.pick[f] >= len(cs) {
			continue
		}
		out[f] = cs[a.pick[f]]
	}
	return out
}

// retry adjusts the attempt after a 4xx that points at a field: its next
// candidate value, or leaving it out when it is optional. It reports
// whether there is something left to try.
func (a *attempt) retry(m *resource.Model, serial int, pointer string, update bool) bool {
	name := pointer[strings.LastIndexByte(pointer, '/')+1:]
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	var f *resource.Field
	for _, g := range m.Fields() {
		if g.MemberName() == name || g.Name() == name {
			f = g
		}
	}
	if f == nil || a.dropped[f] {
		return false
	}
	a.pick[f]++
	if a.pick[f] < len(candidates(f, serial)) {
		return true
	}
	if f.Optional() || f.Default() || f.Nillable() || update {
		a.dropped[f] = true
		return true
	}
	return false
}

const maxAttempts = 12

func (p *prober) createREST(m *resource.Model, n int) *row {
	a := newAttempt()
	for try := 0; try < maxAttempts; try++ {
		attrs := map[string]any{}
		for f, v := range a.values(m, p.serial, false) {
			attrs[f.MemberName()] = v
		}
		rels := map[string]any{}
		for _, e := range m.Edges() {
			if ts := p.rows[e.Target()]; e.Unique() && !e.ReadOnly() && len(ts) > 0 && (needs(e) || n == 0) {
				rels[e.MemberName()] = map[string]any{"data": map[string]any{"type": e.Target().Type(), "id": ts[n%len(ts)].id}}
			}
		}
		body := map[string]any{"data": map[string]any{"type": m.Type(), "attributes": attrs, "relationships": rels}}
		status, doc := p.do(http.MethodPost, rest(m.Type()), body)
		if status == http.StatusCreated {
			data, _ := doc["data"].(map[string]any)
			id, _ := data["id"].(string)
			attrs, _ := data["attributes"].(map[string]any)
			r := newRow(m, id, attrs)
			return &r
		}
		detail, ptr := errorDetail(doc)
		if status >= 500 || status < 400 || !a.retry(m, p.serial, ptr, false) {
			p.refused("create %s (REST): %d %s", m.Type(), status, detail)
			return nil
		}
	}
	return nil
}

func (p *prober) createRPC(m *resource.Model, n int) *row {
	a := newAttempt()
	for try := 0; try < maxAttempts; try++ {
		data := map[string]any{}
		for f, v := range a.values(m, p.serial, false) {
			data[f.Name()] = v
		}
		for _, e := range m.Edges() {
			if ts := p.rows[e.Target()]; e.Unique() && !e.ReadOnly() && len(ts) > 0 && (needs(e) || n == 1) {
				data[e.Name()] = map[string]any{"connect": ts[n%len(ts)].where}
			}
		}
		status, doc := p.do(http.MethodPost, rpc(m, "create", nil), map[string]any{"data": data})
		if status == http.StatusCreated {
			d, _ := doc["data"].(map[string]any)
			r := newRow(m, "", d)
			return &r
		}
		detail, path := errorDetail(doc)
		if status >= 500 || status < 400 || !a.retry(m, p.serial, path, false) {
			p.refused("create %s (RPC): %d %s", m.Type(), status, detail)
			return nil
		}
	}
	return nil
}

// read lists the model with every include and every sort, filters by the
// values of a created row, reads each row and its relations, and asks the
// RPC API the same.
func (p *prober) read(m *resource.Model) {
	p.do(http.MethodGet, rest(m.Type()), nil)
	var all []string
	for _, e := range m.Edges() {
		all = append(all, e.MemberName())
		p.do(http.MethodGet, rest(m.Type())+"?include="+e.MemberName(), nil)
	}
	if len(all) > 1 {
		p.do(http.MethodGet, rest(m.Type())+"?include="+strings.Join(all, ","), nil)
	}
	for _, f := range append([]*resource.Field{m.ID()}, m.Fields()...) {
		if f.Kind().Ordered() || f.Kind() == resource.KindBool {
			p.do(http.MethodGet, rest(m.Type())+"?sort="+f.MemberName(), nil)
			p.do(http.MethodGet, rest(m.Type())+"?sort=-"+f.MemberName(), nil)
		}
	}
	rows := p.rows[m]
	if len(rows) > 0 {
		attrs := rows[0].attrs
		names := make([]string, 0, len(attrs))
		for k := range attrs {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			if s, ok := filterText(attrs[k]); ok {
				p.do(http.MethodGet, rest(m.Type())+"?filter["+k+"]="+escape(s), nil)
			}
		}
	}
	for _, r := range rows {
		p.do(http.MethodGet, rest(m.Type(), r.id), nil)
		for _, e := range m.Edges() {
			p.do(http.MethodGet, rest(m.Type(), r.id, e.MemberName()), nil)
			p.do(http.MethodGet, rest(m.Type(), r.id, "relationships", e.MemberName()), nil)
		}
		p.do(http.MethodGet, rpc(m, "findUnique", map[string]any{"where": r.where}), nil)
	}
	p.do(http.MethodGet, rpc(m, "findMany", nil), nil)
	p.do(http.MethodGet, rpc(m, "count", map[string]any{}), nil)
	for _, e := range m.Edges() {
		p.do(http.MethodGet, rpc(m, "findMany", map[string]any{"include": map[string]any{e.Name(): true}}), nil)
		if !e.Unique() {
			p.do(http.MethodGet, rpc(m, "findMany", map[string]any{"select": map[string]any{"_count": map[string]any{"select": map[string]any{e.Name(): true}}}}), nil)
		}
	}
	for _, f := range m.Fields() {
		if f.Kind().Ordered() || f.Kind() == resource.KindBool {
			p.do(http.MethodGet, rpc(m, "findFirst", map[string]any{"orderBy": map[string]any{f.Name(): "desc"}}), nil)
		}
	}
}

// filterText is the URL form of an attribute value, when it is a scalar.
func filterText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, !strings.ContainsAny(x, ",")
	case float64:
		return fmt.Sprint(x), true
	case bool:
		return fmt.Sprint(x), true
	}
	return "", false
}

func escape(s string) string {
	r := strings.NewReplacer("%", "%25", "&", "%26", "+", "%2B", "#", "%23", " ", "%20")
	return r.Replace(s)
}

// update changes every writable field of each row (REST for the first
// row, RPC for the others), and adds and removes a member of each to-many
// relation through the relationship endpoint.
func (p *prober) update(m *resource.Model) {
	for n, r := range p.rows[m] {
		p.serial++
		a := newAttempt()
		for try := 0; try < maxAttempts; try++ {
			vals := a.values(m, p.serial, true)
			var status int
			var doc map[string]any
			if n%2 == 0 {
				attrs := map[string]any{}
				for f, v := range vals {
					attrs[f.MemberName()] = v
				}
				body := map[string]any{"data": map[string]any{"type": m.Type(), "id": r.id, "attributes": attrs}}
				status, doc = p.do(http.MethodPatch, rest(m.Type(), r.id), body)
			} else {
				data := map[string]any{}
				for f, v := range vals {
					data[f.Name()] = v
				}
				body := map[string]any{"where": r.where, "data": data}
				status, doc = p.do(http.MethodPut, rpc(m, "update", nil), body)
			}
			if status < 300 {
				break
			}
			detail, ptr := errorDetail(doc)
			if status >= 500 || !a.retry(m, p.serial, ptr, true) {
				p.refused("update %s %s: %d %s", m.Type(), r.id, status, detail)
				break
			}
		}
		for _, e := range m.Edges() {
			ts := p.rows[e.Target()]
			if e.Unique() || e.ReadOnly() || len(ts) == 0 {
				continue
			}
			link := map[string]any{"data": []any{map[string]any{"type": e.Target().Type(), "id": ts[n%len(ts)].id}}}
			path := rest(m.Type(), r.id, "relationships", e.MemberName())
			if status, doc := p.do(http.MethodPost, path, link); status >= 400 {
				detail, _ := errorDetail(doc)
				p.refused("link %s %s.%s: %d %s", m.Type(), r.id, e.Name(), status, detail)
				continue
			}
			if status, doc := p.do(http.MethodDelete, path, link); status >= 400 {
				detail, _ := errorDetail(doc)
				p.refused("unlink %s %s.%s: %d %s", m.Type(), r.id, e.Name(), status, detail)
			}
		}
	}
}

// delete deletes the rows of m, alternately through REST and RPC; a row
// others still need is refused (409), not a failure.
func (p *prober) delete(m *resource.Model) {
	for n, r := range p.rows[m] {
		var status int
		var doc map[string]any
		if n%2 == 0 {
			status, doc = p.do(http.MethodDelete, rest(m.Type(), r.id), nil)
		} else {
			status, doc = p.do(http.MethodDelete, rpc(m, "delete", map[string]any{"where": r.where}), nil)
		}
		if status < 300 {
			p.rep.Deleted[m.Type()]++
			continue
		}
		detail, _ := errorDetail(doc)
		p.refused("delete %s %s: %d %s", m.Type(), r.id, status, detail)
	}
}
