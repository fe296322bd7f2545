// Package apidocs serves an API reference page for OpenAPI documents (the
// ones restapi and rpcapi serve at <mount>/openapi.json): Swagger UI, with
// its assets embedded in the binary and sent gzip-compressed, so the page
// loads nothing from another host. Its "Try it out" buttons send real
// requests, with the bearer token the Authorize button takes.
//
//	docs := apidocs.Handler(apidocs.Spec{Name: "JSON:API", URL: "/api/rest/openapi.json"},
//		apidocs.Spec{Name: "RPC", URL: "/api/rpc/openapi.json"})
//	mux.Handle("/docs/", http.StripPrefix("/docs", docs))
package apidocs

import (
	"bytes"
	"compress/gzip"
	"embed"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

//go:embed swaggerui/swagger-ui-bundle.js swaggerui/swagger-ui.css
var assets embed.FS

// Spec is one OpenAPI document the page shows.
type Spec struct {
	Name string // shown in the page's menu: "JSON:API"
	URL  string // where the document is served: "/api/rest/openapi.json"
}

// asset is a static file with its gzip-compressed form.
type asset struct {
	typ        string
	raw, gzbuf []byte
}

var (
	assetsOnce sync.Once
	files      map[string]*asset
)

// loadAssets compresses the embedded files once per process.
func loadAssets() {
	files = map[string]*asset{}
	for name, typ := range map[string]string{
		"swagger-ui-bundle.js": "text/javascript; charset=utf-8",
		"swagger-ui.css":       "text/css; charset=utf-8",
	} {
		b, err := assets.ReadFile("swaggerui/" + name)
		if err != nil {
			panic(err) // embedded: cannot happen
		}
		files["/"+name] = &asset{typ: typ, raw: b, gzbuf: compress(b)}
	}
	files["/init.js"] = &asset{typ: "text/javascript; charset=utf-8", raw: []byte(initJS), gzbuf: compress([]byte(initJS))}
}

func compress(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// Handler serves the page at its root ("/" once mounted: /docs/) and its
// assets beside it. The first spec is shown first; ?api=<name> picks
// another.
func Handler(specs ...Spec) http.Handler {
	var page bytes.Buffer
	if err := pageTemplate.Execute(&page, struct{ Specs []Spec }{specs}); err != nil {
		panic(err) // a constant template over plain data
	}
	index := &asset{typ: "text/html; charset=utf-8", raw: page.Bytes(), gzbuf: compress(page.Bytes())}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		assetsOnce.Do(loadAssets)
		a := files[r.URL.Path]
		switch {
		case r.URL.Path == "/" || r.URL.Path == "":
			a = index
		case a == nil:
			http.NotFound(w, r)
			return
		}
		serve(w, r, a)
	})
}

func serve(w http.ResponseWriter, r *http.Request, a *asset) {
	h := w.Header()
	h.Set("Content-Type", a.typ)
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	// Scripts only from this page's own files; requests (Try it out) may
	// go to the API's servers.
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self' http: https:")
	body := a.raw
	if acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = a.gzbuf
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference</title>
<link rel="stylesheet" href="swagger-ui.css">
<style>
  body { margin: 0; font-family: sans-serif; }
  nav { display: flex; gap: 1em; align-items: center; padding: .8em 1.5em; background: #1f2937; }
  nav b { color: #fff; }
  nav a { color: #d1d5db; text-decoration: none; padding: .2em .6em; border-radius: 4px; }
  nav a.current { background: #4b5563; color: #fff; }
</style>
</head>
<body>
<nav><b>API reference</b>{{ range .Specs }} <a class="api" href="?api={{ .Name }}" data-api="{{ .Name }}">{{ .Name }}</a>{{ end }}</nav>
<div id="ui"></div>
<script id="specs" type="application/json">{{ .Specs }}</script>
<script src="swagger-ui-bundle.js"></script>
<script src="init.js"></script>
</body>
</html>
`))

// initJS starts Swagger UI on the document ?api= names (the first by
// default). No validator: the page never calls another host.
const initJS = `(function () {
  var specs = JSON.parse(document.getElementById('specs').textContent);
  var wanted = new URLSearchParams(location.search).get('api');
  var spec = specs.filter(function (s) { return s.Name === wanted; })[0] || specs[0];
  document.querySelectorAll('nav a.api').forEach(function (a) {
    if (a.getAttribute('data-api') === spec.Name) a.className += ' current';
  });
  window.ui = SwaggerUIBundle({
    url: spec.URL,
    dom_id: '#ui',
    validatorUrl: null,
    deepLinking: false,
    docExpansion: 'list',
    defaultModelsExpandDepth: -1,
    displayRequestDuration: true,
    tryItOutEnabled: false
  });
})();
`
