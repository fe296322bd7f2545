package openapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestMapKeepsOrder(t *testing.T) {
	m := NewMap[int]().Set("b", 1).Set("a", 2).Set("b", 3)
	b, err := json.Marshal(m)
	require.NoError(t, err)
	require.Equal(t, `{"b":3,"a":2}`, string(b))
	require.Equal(t, []string{"b", "a"}, m.Keys())
}

func TestSchemaExtensions(t *testing.T) {
	b, err := json.Marshal(&Schema{Type: "string", Extensions: map[string]any{"x-a": true}})
	require.NoError(t, err)
	require.JSONEq(t, `{"type":"string","x-a":true}`, string(b))
	b, err = json.Marshal(&Schema{Extensions: map[string]any{"x-a": 1}})
	require.NoError(t, err)
	require.JSONEq(t, `{"x-a":1}`, string(b))
}

// A cache with a relative path takes the server from the request's
// original path, however the handler was mounted.
func TestCacheServer(t *testing.T) {
	builds := 0
	c := NewCache(func() *Document {
		builds++
		return &Document{OpenAPI: Version, Paths: NewMap[*PathItem](), Servers: []Server{{URL: "ignored"}}}
	}, "/openapi.json")
	for _, tc := range []struct{ uri, path, want string }{
		{"/api/rpc/openapi.json", "/openapi.json", "/api/rpc"},
		{"/v1/openapi.json?x=1", "/openapi.json", "/v1"},
		{"/openapi.json", "/openapi.json", "/"},
	} {
		req := httptest.NewRequest(http.MethodGet, tc.uri, nil)
		req.URL.Path = tc.path
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code)
		var doc Document
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &struct {
			Servers *[]Server `json:"servers"`
		}{&doc.Servers}))
		require.Equal(t, []Server{{URL: tc.want}}, doc.Servers, tc.uri)
	}
	require.Equal(t, 1, builds, "built once")
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, "/openapi.json", nil))
	require.Empty(t, rec.Body.Bytes())
	require.NotEmpty(t, rec.Header().Get("Content-Length"))
}
