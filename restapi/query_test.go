package restapi_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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
