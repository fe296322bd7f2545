package integration

import (
	"net/http"
	"strings"
	"testing"

	"github.com/entstack/entstack/restapi"
)

const newTag = `{"data":{"type":"tag","attributes":{"name":"fresh"}}}`

// Content negotiation on writes (JA-CN-01..07, JA-CN-11).
func TestWriteNegotiation(t *testing.T) {
	tests := []struct {
		name, ja    string
		contentType string
		accept      string
		status      int
		want        string // error body; "" for a success
	}{
		{"JSON:API media type", "JA-CN-01", "application/vnd.api+json", "", 201, ""},
		{"profile parameter", "JA-CN-04", `application/vnd.api+json; profile="https://example.com/p"`, "", 201, ""},
		{"application/json accepted", "JA-CN-11", "application/json", "", 201, ""},
		{"application/json with charset", "JA-CN-11", "application/json; charset=utf-8", "", 201, ""},
		{"Accept: JSON:API", "JA-CN-06", "application/vnd.api+json", "application/vnd.api+json", 201, ""},
		{"Accept: a list with one usable instance", "JA-CN-06", "application/vnd.api+json", "application/vnd.api+json; charset=utf-8, application/vnd.api+json", 201, ""},
		{"charset parameter", "JA-CN-04", "application/vnd.api+json; charset=utf-8", "", 415,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"415","code":"invalid-payload","title":"Invalid payload","detail":"the JSON:API media type takes no \"charset\" parameter (only ext and profile)","source":{"header":"Content-Type"},"meta":{"errorCode":"unsupported-media-type"}}]}`},
		{"unsupported extension", "JA-CN-05", `application/vnd.api+json; ext="https://jsonapi.org/ext/atomic"`, "", 415,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"415","code":"invalid-payload","title":"Invalid payload","detail":"unsupported JSON:API extension \"https://jsonapi.org/ext/atomic\"","source":{"header":"Content-Type"},"meta":{"errorCode":"unsupported-media-type"}}]}`},
		{"another media type", "JA-CN-04", "text/plain", "", 415,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"415","code":"invalid-payload","title":"Invalid payload","detail":"unsupported Content-Type \"text/plain\": send application/vnd.api+json","source":{"header":"Content-Type"},"meta":{"errorCode":"unsupported-media-type"}}]}`},
		{"Accept rules JSON:API out", "JA-CN-06", "application/vnd.api+json", "application/vnd.api+json; charset=utf-8", 406,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"406","code":"invalid-value","title":"Invalid value for type","detail":"the Accept header rules out application/vnd.api+json","source":{"header":"Accept"},"meta":{"errorCode":"not-acceptable"}}]}`},
		{"Accept: only an extension", "JA-CN-07", "application/vnd.api+json", `application/vnd.api+json; ext="https://jsonapi.org/ext/atomic"`, 406,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"406","code":"invalid-value","title":"Invalid value for type","detail":"the Accept header rules out application/vnd.api+json","source":{"header":"Accept"},"meta":{"errorCode":"not-acceptable"}}]}`},
		{"Accept: text/html", "JA-CN-06", "application/vnd.api+json", "text/html", 406,
			`{"jsonapi":{"version":"1.1"},"errors":[{"status":"406","code":"invalid-value","title":"Invalid value for type","detail":"the Accept header rules out application/vnd.api+json","source":{"header":"Accept"},"meta":{"errorCode":"not-acceptable"}}]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			hdr := []string{"Content-Type", tc.contentType}
			if tc.accept != "" {
				hdr = append(hdr, "Accept", tc.accept)
			}
			tags := e.count(t, "tags")
			rec := e.rest(t, system, "POST", "/tag", newTag, hdr...)
			if tc.want != "" {
				rec.expect(t, tc.status, tc.want)
				if e.count(t, "tags") != tags {
					t.Errorf("%s: a refused request wrote a row", tc.ja)
				}
				return
			}
			rec.expect(t, tc.status, `{"jsonapi":{"version":"1.1"},"data":{"type":"tag","id":"5","attributes":{"name":"fresh"},`+
				`"relationships":{"posts":{"links":{"self":"`+restBase+`/tag/5/relationships/posts","related":"`+restBase+`/tag/5/posts"}}},`+
				`"links":{"self":"`+restBase+`/tag/5"}},"links":{"self":"`+restBase+`/tag/5"}}`)
		})
	}
}

// Bodies over Options.MaxBodyBytes are a 413, whether the length is
// announced or not, and nothing is written.
func TestWriteBodyLimit(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{MaxBodyBytes: 64}))
	small := `{"data":{"type":"tag","attributes":{"name":"x"}}}`
	big := `{"data":{"type":"tag","attributes":{"name":"` + strings.Repeat("x", 64) + `"}}}`
	want := `{"jsonapi":{"version":"1.1"},"errors":[{"status":"413","code":"invalid-payload","title":"Invalid payload","detail":"the request body is larger than 64 bytes","meta":{"errorCode":"request-too-large"}}]}`
	for _, tc := range []struct {
		name    string
		body    string
		chunked bool // the length is not announced
		status  int
	}{
		{"within the limit", small, false, 201},
		{"announced length over the limit", big, false, http.StatusRequestEntityTooLarge},
		{"unannounced length over the limit", big, true, http.StatusRequestEntityTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tags := e.count(t, "tags")
			rec := e.do(t, request{method: "POST", target: "/api/rest/tag", body: tc.body, as: system,
				header: []string{"Content-Type", restapi.MediaType}, chunked: tc.chunked})
			if rec.status != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.status, tc.status, rec.body)
			}
			if tc.status == http.StatusRequestEntityTooLarge {
				rec.expect(t, tc.status, want)
				if e.count(t, "tags") != tags {
					t.Error("a refused body wrote a row")
				}
			}
		})
	}
}
