package restapi

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/entstack/entstack/resource"
)

// docWriter appends a JSON:API document to buf without reflection: the
// generated rows append their own field values.
type docWriter struct {
	h       *Handler
	buf     []byte
	sel     map[*resource.Model]*selection
	include []*includePath
	// includeSelf: the rows of identifiers() go to included too.
	includeSelf bool
	seen        map[rowKey]struct{}
	included    []modelRow
	// others holds every other loaded copy of a resource of the document:
	// one reached through several include paths is loaded several times,
	// each copy with the edges of its own path, and its linkage takes
	// them all (JA-INC-08).
	others map[rowKey][]resource.Row
	// links is the linkage fetchLinkage loaded, by relationship.
	links map[*resource.Edge]resource.Linkage
	idBuf []byte
}

type rowKey struct {
	m  *resource.Model
	id any
}

type modelRow struct {
	m   *resource.Model
	row resource.Row
}

// bufPool recycles document buffers: a page of 100 resources is ~100 KB,
// which would otherwise be allocated (and grown by copying) per request.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// maxPooled keeps exceptionally large buffers out of the pool.
const maxPooled = 4 << 20

func (h *Handler) newDoc(p *params) *docWriter {
	w := &docWriter{h: h, buf: (*bufPool.Get().(*[]byte))[:0]}
	if p != nil {
		w.sel, w.include, w.includeSelf = p.fields, p.include, p.includeSelf
	}
	return w
}

// release returns the document's buffer to the pool; the document must not
// be used afterwards.
func (w *docWriter) release() {
	if cap(w.buf) <= maxPooled {
		b := w.buf[:0]
		bufPool.Put(&b)
	}
	w.buf = nil
}

func (w *docWriter) open() { w.buf = append(w.buf, `{"jsonapi":{"version":"1.1"}`...) }

func (w *docWriter) close() { w.buf = append(w.buf, '}') }

// resourceObject appends one resource object.
func (w *docWriter) resourceObject(m *resource.Model, r resource.Row) {
	b := append(w.buf, `{"type":`...)
	b = resource.AppendString(b, m.Type())
	b = append(b, `,"id":`...)
	b = w.appendRowID(b, m, r)
	sel := w.sel[m]
	b = append(b, `,"attributes":{`...)
	n := 0
	for i, f := range m.Fields() {
		if (sel != nil && !sel.fields[i]) || r.Hidden(i) || (f.Edge() != nil && w.h.opts.HideForeignKeys) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, f.MemberKey()...)
		b = r.AppendField(b, i)
	}
	b = append(b, '}')
	if len(m.Edges()) > 0 {
		relStart := len(b)
		b = append(b, `,"relationships":{`...)
		n = 0
		for i, e := range m.Edges() {
			if sel != nil && !sel.edges[i] {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			n++
			b = append(b, e.MemberKey()...)
			b = append(b, `{"links":{"self":"`...)
			b = w.resourcePath(b, m)
			b = append(b, "/relationships/"...)
			b = append(b, e.MemberName()...)
			b = append(b, `","related":"`...)
			b = w.resourcePath(b, m)
			b = append(b, '/')
			b = append(b, e.MemberName()...)
			b = append(b, '"', '}')
			b = w.linkage(b, e, r)
			b = append(b, '}')
		}
		if n == 0 {
			b = b[:relStart]
		} else {
			b = append(b, '}')
		}
	}
	b = append(b, `,"links":{"self":"`...)
	b = w.resourcePath(b, m)
	w.buf = append(b, `"}}`...)
}

// resourcePath appends endpoint/type/id of the row whose id is in idBuf.
func (w *docWriter) resourcePath(b []byte, m *resource.Model) []byte {
	b = append(b, w.h.opts.Endpoint...)
	b = append(b, '/')
	b = append(b, m.Type()...)
	b = append(b, '/')
	return append(b, w.idBuf...)
}

// linkage appends the data member of a relationship: from the loaded
// related rows (included relationships), for a to-one from the foreign key
// on this row, or from the linkage fetchLinkage loaded.
func (w *docWriter) linkage(b []byte, e *resource.Edge, r resource.Row) []byte {
	n := r.Edge(e.Index())
	if n < 0 && w.others != nil {
		for _, o := range w.others[rowKey{e.Model(), r.ID()}] {
			if on := o.Edge(e.Index()); on >= 0 {
				r, n = o, on
				break
			}
		}
	}
	switch {
	case n >= 0 && e.Unique():
		b = append(b, `,"data":`...)
		if n == 0 {
			return append(b, "null"...)
		}
		return w.identifier(b, e.Target(), r.EdgeRow(e.Index(), 0))
	case n >= 0:
		b = append(b, `,"data":[`...)
		for j := 0; j < n; j++ {
			if j > 0 {
				b = append(b, ',')
			}
			b = w.identifier(b, e.Target(), r.EdgeRow(e.Index(), j))
		}
		return append(b, ']')
	case e.FK() != nil && !r.Hidden(e.FK().Index()) && w.h.ids.field(e.Target()) == e.Target().ID():
		b = append(b, `,"data":`...)
		if r.Value(e.FK().Index()) == nil {
			return append(b, "null"...)
		}
		b = append(b, `{"type":`...)
		b = resource.AppendString(b, e.Target().Type())
		b = append(b, `,"id":"`...)
		b = appendUnquoted(b, r, e.FK().Index())
		return append(b, `"}`...)
	}
	b, _ = w.batchLinkage(b, e, r)
	return b
}

// appendUnquoted appends a field's JSON value without the quotes a string
// value would have (an id inside a string).
func appendUnquoted(b []byte, r resource.Row, i int) []byte {
	start := len(b)
	b = r.AppendField(b, i)
	if len(b)-start >= 2 && b[start] == '"' {
		copy(b[start:], b[start+1:len(b)-1])
		b = b[:len(b)-2]
	}
	return b
}

func (w *docWriter) identifier(b []byte, m *resource.Model, r resource.Row) []byte {
	b = append(b, `{"type":`...)
	b = resource.AppendString(b, m.Type())
	b = append(b, `,"id":`...)
	if f := w.h.ids.field(m); f != m.ID() {
		return append(resource.AppendString(b, fmt.Sprint(r.Value(f.Index()))), '}')
	}
	b = resource.AppendResourceID(b, m, r)
	return append(b, '}')
}

// primary appends `"data":` with one resource object or null.
func (w *docWriter) primary(m *resource.Model, r resource.Row) {
	w.buf = append(w.buf, `,"data":`...)
	if r == nil {
		w.buf = append(w.buf, "null"...)
		return
	}
	w.markSeen(m, r)
	w.collect(m, r)
	w.resourceObject(m, r)
}

// primaryList appends `"data":` with an array of resource objects.
func (w *docWriter) primaryList(m *resource.Model, rows []resource.Row) {
	w.buf = append(w.buf, `,"data":[`...)
	for _, r := range rows {
		w.markSeen(m, r)
	}
	// collect first: the linkage of a primary resource may come from a
	// copy of it loaded deeper (post 1 again as comments.post).
	for _, r := range rows {
		w.collect(m, r)
	}
	for i, r := range rows {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.resourceObject(m, r)
	}
	w.buf = append(w.buf, ']')
}

// identifiers appends `"data":` with the linkage of rows (relationship
// endpoints).
func (w *docWriter) identifiers(m *resource.Model, rows []resource.Row, toOne bool) {
	w.buf = append(w.buf, `,"data":`...)
	if toOne {
		if len(rows) == 0 {
			w.buf = append(w.buf, "null"...)
		} else {
			w.buf = w.identifier(w.buf, m, rows[0])
		}
	} else {
		w.buf = append(w.buf, '[')
		for i, r := range rows {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.buf = w.identifier(w.buf, m, r)
		}
		w.buf = append(w.buf, ']')
	}
	for _, r := range rows {
		if w.includeSelf {
			w.add(m, r)
		}
		w.collect(m, r)
	}
}

func (w *docWriter) markSeen(m *resource.Model, r resource.Row) {
	if len(w.include) == 0 {
		return
	}
	if w.seen == nil {
		w.seen = make(map[rowKey]struct{})
	}
	w.seen[rowKey{m, r.ID()}] = struct{}{}
}

// collect gathers, once each, the rows reached from r through the include
// paths (intermediate rows of multi-part paths too).
func (w *docWriter) collect(m *resource.Model, r resource.Row) {
	for _, ip := range w.include {
		w.walk(r, ip.edges)
	}
}

func (w *docWriter) walk(r resource.Row, path []*resource.Edge) {
	if len(path) == 0 {
		return
	}
	e := path[0]
	n := r.Edge(e.Index())
	for j := 0; j < n; j++ {
		cr := r.EdgeRow(e.Index(), j)
		w.add(e.Target(), cr)
		w.walk(cr, path[1:])
	}
}

// add puts a row in included unless it is already in the document.
func (w *docWriter) add(m *resource.Model, r resource.Row) {
	k := rowKey{m, r.ID()}
	if w.seen == nil {
		w.seen = make(map[rowKey]struct{})
	}
	if _, dup := w.seen[k]; !dup {
		w.seen[k] = struct{}{}
		w.included = append(w.included, modelRow{m, r})
		return
	}
	if w.others == nil {
		w.others = make(map[rowKey][]resource.Row)
	}
	w.others[k] = append(w.others[k], r)
}

// includedMember appends `"included":[…]` when the request asked for
// includes (an empty array when nothing matched, as JSON:API requires).
func (w *docWriter) includedMember() {
	if len(w.include) == 0 && !w.includeSelf {
		return
	}
	w.buf = append(w.buf, `,"included":[`...)
	for i, ir := range w.included {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.resourceObject(ir.m, ir.row)
	}
	w.buf = append(w.buf, ']')
}

// total appends `"meta":{"total":n}`.
func (w *docWriter) total(n int) {
	w.buf = append(w.buf, `,"meta":{"total":`...)
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	w.buf = append(w.buf, '}')
}
