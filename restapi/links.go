package restapi

import (
	"net/url"
	"strconv"
)

// selfLinks appends `"links":{"self":…}` for a single-resource document.
func (w *docWriter) selfLinks(self string) {
	w.buf = append(w.buf, `,"links":{"self":`...)
	w.buf = appendJSONString(w.buf, self)
	w.buf = append(w.buf, '}')
}

// pageLinks appends the top-level links of a collection: self and the
// first/last/prev/next pagination links, which keep every other query
// parameter of the request (filter, sort, include, fields).
func (w *docWriter) pageLinks(base string, q url.Values, offset, limit, total int) {
	w.buf = append(w.buf, `,"links":{"self":`...)
	w.buf = appendJSONString(w.buf, withQuery(base, q))
	if limit < 0 {
		w.buf = append(w.buf, `,"first":`...)
		w.buf = appendJSONString(w.buf, withQuery(base, q))
		w.buf = append(w.buf, `,"last":`...)
		w.buf = appendJSONString(w.buf, withQuery(base, q))
		w.buf = append(w.buf, `,"prev":null,"next":null}`...)
		return
	}
	page := func(off int) string {
		v := make(url.Values, len(q)+2)
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page[offset]", strconv.Itoa(off))
		v.Set("page[limit]", strconv.Itoa(limit))
		return withQuery(base, v)
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	w.buf = append(w.buf, `,"first":`...)
	w.buf = appendJSONString(w.buf, page(0))
	w.buf = append(w.buf, `,"last":`...)
	w.buf = appendJSONString(w.buf, page(last))
	w.buf = append(w.buf, `,"prev":`...)
	if offset > 0 {
		prev := offset - limit
		if prev < 0 {
			prev = 0
		}
		if offset > last {
			// past the end: the previous page with rows is the last one
			prev = last
		}
		w.buf = appendJSONString(w.buf, page(prev))
	} else {
		w.buf = append(w.buf, "null"...)
	}
	w.buf = append(w.buf, `,"next":`...)
	if offset < total-limit { // offset+limit < total, without overflow
		w.buf = appendJSONString(w.buf, page(offset+limit))
	} else {
		w.buf = append(w.buf, "null"...)
	}
	w.buf = append(w.buf, '}')
}

func withQuery(base string, q url.Values) string {
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}
