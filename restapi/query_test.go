package restapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/restapi"
)

// TestMalformedQueryString: a query string net/url cannot parse is a 400
// naming the problem (JA-ERR-07), not a request whose malformed parameters
// are silently dropped (url.Values drops them, so "sort=id;include=author"
// was served unsorted, without the include).
func TestMalformedQueryString(t *testing.T) {
	h, _ := blogHandler(t)
	for _, tc := range []struct {
		path, query string
		status      int
		want        string
	}{
		{"/post", "sort=id;include=author", 400, "malformed query string"},
		{"/post", "filter[title]=%zz", 400, "malformed query string"},
		{"/post/1", "include=author&fields[post]=%", 400, "malformed query string"},
		{"/user/1/posts", "sort=title;", 400, "malformed query string"},
		{"/user/1/relationships/posts", "include=posts;", 400, "malformed query string"},
		{"/post", "sort=-id&include=author", 200, `"included"`},
		{"/post", "filter[title]=%25", 200, `"data":[]`},
	} {
		t.Run(tc.path+"?"+tc.query, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.URL.Path, req.URL.RawQuery = tc.path, tc.query
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) {
				t.Fatalf("status %d %s, want %d with %s", rec.Code, rec.Body, tc.status, tc.want)
			}
		})
	}
}

// TestMalformedQueryStringOnWrites: the write endpoints answer with a
// document shaped by include and fields, so they refuse a malformed query
// string too, before writing anything.
func TestMalformedQueryStringOnWrites(t *testing.T) {
	h, user := blogHandler(t)
	for _, tc := range []struct{ method, path, body string }{
		{http.MethodPost, "/tag", `{"data":{"type":"tag","attributes":{"name":"new"}}}`},
		{http.MethodPatch, "/tag/1", `{"data":{"type":"tag","id":"1","attributes":{"name":"renamed"}}}`},
		{http.MethodPost, "/post/2/relationships/tags", `{"data":[{"type":"tag","id":"1"}]}`},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, "/", strings.NewReader(tc.body))
			req.URL.Path, req.URL.RawQuery = tc.path, "include=author;fields[tag]=name"
			req.Header.Set("Content-Type", restapi.MediaType)
			req = req.WithContext(privacy.Bypass(ent.WithViewer(req.Context(), user)))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "malformed query string") {
				t.Fatalf("status %d %s, want 400 malformed query string", rec.Code, rec.Body)
			}
		})
	}
	// Nothing was written: no tag "new", tag 1 keeps its name, post 2 keeps
	// its one tag (2).
	for path, want := range map[string]string{
		"/tag?filter[name]=new":      `"data":[]`,
		"/tag/1":                     `"name":"go"`,
		"/post/2/relationships/tags": `"data":[{"type":"tag","id":"2"}]`,
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path, req.URL.RawQuery, _ = strings.Cut(path, "?")
		req = req.WithContext(privacy.Bypass(req.Context()))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %s, want %s", path, rec.Code, rec.Body, want)
		}
	}
}
