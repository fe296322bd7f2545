package openapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Cache serves a document built on first use and marshalled once.
//
// A handler does not know the path it is mounted under; with Relative set
// (the path the document is served at, relative to the handler: "/openapi.json"),
// the document's server is the request's path without it, so that a
// documentation page sends its requests to the same mount point.
type Cache struct {
	build    func() *Document
	relative string

	once       sync.Once
	head, tail []byte // the JSON around the server URL (Relative), or the whole document in head
	err        error
}

// NewCache returns a cache of the document build returns. relative is ""
// to keep the document's servers, or the handler-relative path of the
// document to take the server from each request.
func NewCache(build func() *Document, relative string) *Cache {
	return &Cache{build: build, relative: relative}
}

// serverMark stands for the server URL in the cached JSON.
const serverMark = "\x00server\x00"

func (c *Cache) load() {
	doc := c.build()
	if c.relative != "" {
		doc.Servers = []Server{{URL: serverMark}}
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		c.err = err
		return
	}
	c.head = b
	if c.relative != "" {
		mark, _ := json.Marshal(serverMark)
		i := bytes.Index(b, mark)
		c.head, c.tail = b[:i], b[i+len(mark):]
	}
}

// Bytes returns the document as JSON, with server for the server URL when
// the cache takes it from the request.
func (c *Cache) Bytes(server string) ([]byte, error) {
	c.once.Do(c.load)
	if c.err != nil {
		return nil, c.err
	}
	if c.relative == "" {
		return c.head, nil
	}
	s, _ := json.Marshal(server)
	out := make([]byte, 0, len(c.head)+len(s)+len(c.tail))
	return append(append(append(out, c.head...), s...), c.tail...), nil
}

// ServeHTTP answers GET and HEAD with the document.
func (c *Cache) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := c.Bytes(c.mount(r))
	if err != nil {
		http.Error(w, "cannot build the OpenAPI document: "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// mount is the path the handler is mounted under: the original request
// path (RequestURI survives http.StripPrefix) without the relative path.
func (c *Cache) mount(r *http.Request) string {
	p := r.URL.Path
	if u, err := url.ParseRequestURI(r.RequestURI); err == nil && u.Path != "" {
		p = u.Path
	}
	p = strings.TrimSuffix(p, c.relative)
	if p == "" {
		return "/"
	}
	return p
}
