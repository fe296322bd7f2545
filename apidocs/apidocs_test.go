package apidocs

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func get(t *testing.T, h http.Handler, path string, gz bool) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "br, gzip;q=0.8")
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	out, err := io.ReadAll(zr)
	require.NoError(t, err)
	return out
}

// The page names the documents, loads only its own assets, and every file
// is gzip-compressed for clients that accept it.
func TestHandler(t *testing.T) {
	h := Handler(Spec{Name: "JSON:API", URL: "/api/rest/openapi.json"}, Spec{Name: "RPC", URL: "/api/rpc/openapi.json"})
	rec := get(t, h, "/", true)
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "gzip", rec.Header().Get("Content-Encoding"))
	page := string(gunzip(t, rec.Body.Bytes()))
	require.Contains(t, page, `{"Name":"JSON:API","URL":"/api/rest/openapi.json"}`)
	require.Contains(t, page, `href="?api=RPC"`)
	require.NotContains(t, page, "http://")
	require.NotContains(t, page, "https://")
	require.Contains(t, rec.Header().Get("Content-Security-Policy"), "default-src 'self'")

	for path, typ := range map[string]string{"/swagger-ui-bundle.js": "text/javascript", "/swagger-ui.css": "text/css", "/init.js": "text/javascript"} {
		plain := get(t, h, path, false)
		require.Equal(t, http.StatusOK, plain.Code, path)
		require.Empty(t, plain.Header().Get("Content-Encoding"), path)
		require.True(t, strings.HasPrefix(plain.Header().Get("Content-Type"), typ), path)
		gz := get(t, h, path, true)
		require.Equal(t, plain.Body.Bytes(), gunzip(t, gz.Body.Bytes()), path)
		require.Less(t, gz.Body.Len(), plain.Body.Len(), path)
	}
	require.Equal(t, http.StatusNotFound, get(t, h, "/swagger-ui.css.map", true).Code)

	req := httptest.NewRequest(http.MethodPost, "/", nil)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

func TestAcceptsGzip(t *testing.T) {
	for header, want := range map[string]bool{"": false, "gzip": true, "deflate, gzip": true, "gzip;q=0": false, "br": false, "GZIP; q=0.5": true} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Header.Set("Accept-Encoding", header)
		require.Equal(t, want, acceptsGzip(req), header)
	}
}
