package rpcapi

import (
	"strconv"
	"sync"

	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/rpcapi/superjson"
)

// writer appends a response body {"data": …, "meta": …} without
// reflection: rows append their own field values (resource.Row), and the
// superjson recorder notes where dates are (RPC-WIRE-05, RPC-SJ-07).
type writer struct {
	buf []byte
	rec superjson.Meta // superjson paths of the dates written (RPC-SJ-07)
}

// writerPool recycles writers and their buffers: a page of 100 rows with
// their authors is ~50 KB, which growing a fresh buffer would copy several
// times per request.
var writerPool = sync.Pool{New: func() any { return &writer{buf: make([]byte, 0, 64<<10)} }}

// maxPooled keeps exceptionally large buffers out of the pool.
const maxPooled = 4 << 20

func newWriter() *writer {
	w := writerPool.Get().(*writer)
	w.buf = append(w.buf[:0], `{"data":`...)
	w.rec.Reset()
	return w
}

// release returns w to the pool; its body must not be used afterwards.
func (w *writer) release() {
	if cap(w.buf) <= maxPooled {
		writerPool.Put(w)
	}
}

// finish closes the body, adding meta.serialization when a value needed
// an annotation.
func (w *writer) finish() []byte {
	if !w.rec.Empty() {
		w.buf = append(w.buf, `,"meta":{"serialization":`...)
		w.buf = w.rec.AppendSerialization(w.buf)
		w.buf = append(w.buf, '}')
	}
	return append(w.buf, '}')
}

// rows appends an array of rows of shape s.
func (w *writer) rows(s *shape, rows []resource.Row) {
	w.buf = append(w.buf, '[')
	for i, r := range rows {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.rec.PushIndex(i)
		w.row(s, r)
		w.rec.Pop()
	}
	w.buf = append(w.buf, ']')
}

// row appends one row as a Prisma-shaped object: the selected scalars the
// viewer may read (a field hidden by a field-level rule is omitted), the
// loaded relations, and _count.
func (w *writer) row(s *shape, r resource.Row) {
	m := s.model
	b := append(w.buf, '{')
	n := 0
	if s.id {
		b = append(b, m.ID().Key()...)
		b = appendID(b, m, r)
		n++
	}
	for i, f := range m.Fields() {
		if !s.fields[i] || r.Hidden(i) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = append(b, f.Key()...)
		start := len(b)
		b = r.AppendField(b, i)
		if b[len(b)-1] == '"' {
			switch f.Kind() {
			case resource.KindTime:
				b = toISOMillis(b, start)
				w.rec.AddKey(f.Name(), superjson.AnnDate)
			case resource.KindBytes:
				w.rec.AddKey(f.Name(), superjson.AnnBytes) // base64, revived as a Buffer (RPC-SJ-03)
			}
		}
	}
	w.buf = b
	for _, es := range s.edges {
		if n > 0 {
			w.buf = append(w.buf, ',')
		}
		n++
		e := es.edge
		w.buf = append(w.buf, e.Key()...)
		w.rec.Push(e.Name())
		cnt := r.Edge(e.Index())
		switch {
		case e.Unique() && cnt <= 0:
			w.buf = append(w.buf, "null"...)
		case e.Unique():
			w.row(es.shape, r.EdgeRow(e.Index(), 0))
		default:
			w.buf = append(w.buf, '[')
			for j := 0; j < cnt; j++ {
				if j > 0 {
					w.buf = append(w.buf, ',')
				}
				w.rec.PushIndex(j)
				w.row(es.shape, r.EdgeRow(e.Index(), j))
				w.rec.Pop()
			}
			w.buf = append(w.buf, ']')
		}
		w.rec.Pop()
	}
	if len(s.counts) > 0 {
		if n > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = append(w.buf, `"_count":{`...)
		id := r.ID()
		for i, c := range s.counts {
			if i > 0 {
				w.buf = append(w.buf, ',')
			}
			w.buf = append(w.buf, c.edge.Key()...)
			w.buf = strconv.AppendInt(w.buf, c.counts[id], 10)
		}
		w.buf = append(w.buf, '}')
	}
	w.buf = append(w.buf, '}')
}

// appendID appends the id as its JSON type (a number for integer ids; the
// JSON:API writer quotes it, Prisma does not).
func appendID(b []byte, m *resource.Model, r resource.Row) []byte {
	switch m.ID().Kind() {
	case resource.KindInt, resource.KindUint:
		start := len(b)
		b = r.AppendID(b)
		// AppendID quotes: drop the quotes in place.
		copy(b[start:], b[start+1:len(b)-1])
		return b[:len(b)-2]
	}
	return r.AppendID(b)
}

// toISOMillis rewrites in place the RFC 3339 UTC date-time string that
// starts at b[start] ("2026-01-02T03:04:05.123456789Z", fraction optional)
// to the millisecond form of JS toISOString ("2026-01-02T03:04:05.123Z"),
// which superjson clients produce and expect, without allocating.
func toISOMillis(b []byte, start int) []byte {
	end := len(b) - 2 // the Z
	if end < start || b[end] != 'Z' {
		return b
	}
	dot := -1
	for i := end - 1; i > start && i >= end-10; i-- {
		if b[i] == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		b = append(b[:end], ".000Z\""...)
		return b
	}
	digits := end - dot - 1
	if digits >= 3 {
		return append(b[:dot+4], 'Z', '"')
	}
	b = b[:end]
	for ; digits < 3; digits++ {
		b = append(b, '0')
	}
	return append(b, 'Z', '"')
}
