package integration

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/example/server"
)

// loadSpec fetches the OpenAPI document the example serves under mount,
// validates it, and returns a router over it whose server is the test
// server.
func loadSpec(t *testing.T, env *live, mount string) routers.Router {
	t.Helper()
	res, err := http.Get(env.url + mount + "/openapi.json")
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(body)
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	if strings.HasPrefix(doc.Servers[0].URL, "/") {
		doc.Servers[0].URL = env.url + doc.Servers[0].URL
	}
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	return router
}

type sample struct {
	name, method, path, body string
	status                   int
	invalid                  bool // the request breaks the document (the server must reject it too)
}

// checkSamples runs each request and validates the request and its
// response against the document.
func checkSamples(t *testing.T, router routers.Router, base, token string, samples []sample) {
	t.Helper()
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	for _, s := range samples {
		var body io.Reader
		if s.body != "" {
			body = strings.NewReader(s.body)
		}
		req, err := http.NewRequest(s.method, base+s.path, body)
		require.NoError(t, err)
		if s.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Authorization", "Bearer "+token)
		route, params, err := router.FindRoute(req)
		require.NoError(t, err, s.name)
		in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
		if s.body != "" {
			// ValidateRequest reads the body: give the request a fresh one.
			in.Request = req.Clone(context.Background())
			in.Request.Body = io.NopCloser(strings.NewReader(s.body))
		}
		if err := openapi3filter.ValidateRequest(context.Background(), in); s.invalid {
			require.Error(t, err, "%s: the document accepts the request", s.name)
		} else {
			require.NoError(t, err, "%s: request", s.name)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		got, err := io.ReadAll(res.Body)
		res.Body.Close()
		require.NoError(t, err)
		require.Equal(t, s.status, res.StatusCode, "%s: %s", s.name, got)
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
			Body: io.NopCloser(bytes.NewReader(got)), Options: opts}
		require.NoError(t, openapi3filter.ValidateResponse(context.Background(), out), "%s: response %s", s.name, got)
	}
}

// Real requests of every kind of endpoint, and their responses, match the
// JSON:API's OpenAPI document.
func TestOpenAPIRESTResponses(t *testing.T) {
	env := startLive(t)
	router := loadSpec(t, env, "/api/rest")
	tok, err := server.Token(env.secret, 2, time.Hour)
	require.NoError(t, err)
	q := url.QueryEscape
	checkSamples(t, router, env.url+"/api/rest", tok, []sample{
		{"list with filters, sort, page, include, fields", "GET", "/post?filter[published]=true&filter[viewCount$gte]=1&sort=-viewCount,author.name&page[limit]=2&include=author,tags&fields[user]=name", "", 200, false},
		{"list with string and collection operators", "GET", "/post?filter[title$icontains]=" + q("e") + "&filter[tags$isEmpty]=false", "", 200, false},
		{"get one", "GET", "/user/2?include=profile", "", 200, false},
		{"get one: email hidden from others", "GET", "/user/1", "", 200, false},
		{"related to-one", "GET", "/post/1/author", "", 200, false},
		{"related to-many", "GET", "/user/2/posts?page[limit]=1", "", 200, false},
		{"relationship to-one", "GET", "/post/1/relationships/author", "", 200, false},
		{"relationship to-many", "GET", "/post/1/relationships/tags", "", 200, false},
		{"create", "POST", "/post?include=tags", `{"data":{"type":"post","attributes":{"title":"OpenAPI"},"relationships":{"author":{"data":{"type":"user","id":"2"}},"tags":{"data":[{"type":"tag","id":"1"}]}}}}`, 201, false},
		{"update", "PATCH", "/post/4", `{"data":{"type":"post","id":"4","attributes":{"title":"Renamed"}}}`, 200, false},
		{"relationship add", "POST", "/post/4/relationships/tags", `{"data":[{"type":"tag","id":"2"}]}`, 200, false},
		{"relationship replace", "PATCH", "/post/4/relationships/tags", `{"data":[{"type":"tag","id":"1"}]}`, 200, false},
		{"relationship remove", "DELETE", "/post/4/relationships/tags", `{"data":[{"type":"tag","id":"1"}]}`, 200, false},
		{"not found", "GET", "/post/999", "", 404, false},
		{"bad filter", "GET", "/post?filter[viewCount]=" + q("many"), "", 400, true},
		{"policy denial", "PATCH", "/user/1", `{"data":{"type":"user","id":"1","attributes":{"name":"x"}}}`, 403, false},
		{"delete blocked by a relation", "DELETE", "/post/4", "", 409, false},
		{"delete", "DELETE", "/post/5", "", 204, false},
	})
}

// Real calls of every kind of RPC operation, and their results, match the
// RPC API's OpenAPI document.
func TestOpenAPIRPCResponses(t *testing.T) {
	env := startLive(t)
	router := loadSpec(t, env, "/api/rpc")
	tok, err := server.Token(env.secret, 2, time.Hour)
	require.NoError(t, err)
	q := func(args string) string { return "?q=" + url.QueryEscape(args) }
	checkSamples(t, router, env.url+"/api/rpc", tok, []sample{
		{"findMany", "GET", "/post/findMany" + q(`{"where":{"published":true,"author":{"is":{"name":{"contains":"m","mode":"insensitive"}}}},"include":{"author":true,"_count":{"select":{"comments":true}}},"orderBy":[{"viewCount":"desc"}],"take":5}`), "", 200, false},
		{"findUnique", "GET", "/user/findUnique" + q(`{"where":{"id":2},"select":{"id":true,"email":true,"posts":{"take":1}}}`), "", 200, false},
		{"findFirst", "GET", "/tag/findFirst" + q(`{"where":{"posts":{"some":{"published":true}}}}`), "", 200, false},
		{"count", "GET", "/comment/count", "", 200, false},
		{"exists", "GET", "/post/exists" + q(`{"where":{"id":1}}`), "", 200, false},
		{"aggregate", "GET", "/post/aggregate" + q(`{"_count":{"_all":true},"_avg":{"viewCount":true},"_max":{"createdAt":true}}`), "", 200, false},
		{"groupBy", "GET", "/post/groupBy" + q(`{"by":["authorId"],"_count":{"_all":true},"_sum":{"viewCount":true}}`), "", 200, false},
		{"create", "POST", "/post/create", `{"data":{"title":"OpenAPI","author":{"connect":{"id":2}},"tags":{"connectOrCreate":[{"where":{"name":"spec"},"create":{"name":"spec"}}]}},"include":{"tags":true}}`, 201, false},
		{"createMany", "POST", "/tag/createMany", `{"data":[{"name":"a1"},{"name":"a2"}]}`, 201, false},
		{"update", "PUT", "/post/update", `{"where":{"id":4},"data":{"viewCount":{"increment":1},"tags":{"set":[{"id":1}]}}}`, 200, false},
		{"updateMany", "PUT", "/post/updateMany", `{"where":{"authorId":2},"data":{"published":true}}`, 200, false},
		{"unique violation", "PUT", "/tag/updateMany", `{"where":{"name":{"startsWith":"a"}},"data":{"name":"b"}}`, 400, false},
		{"upsert", "POST", "/tag/upsert", `{"where":{"name":"spec"},"create":{"name":"spec"},"update":{"name":"spec2"}}`, 201, false},
		{"deleteMany", "DELETE", "/tag/deleteMany" + q(`{"where":{"name":{"startsWith":"a"}}}`), "", 200, false},
		{"delete", "DELETE", "/post/delete" + q(`{"where":{"id":5}}`), "", 200, false},
		{"invalid arguments", "GET", "/post/findMany" + q(`{"where":{"published":"yes"}}`), "", 422, true},
		{"policy denial", "POST", "/post/create", `{"data":{"title":"not mine","author":{"connect":{"id":1}}}}`, 403, false},
		{"not found", "PUT", "/post/update", `{"where":{"id":999},"data":{"title":"x"}}`, 404, false},
	})
}
