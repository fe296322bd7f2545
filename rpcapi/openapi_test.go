package rpcapi

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// The document the handler serves is valid OpenAPI 3.1 with every routed
// operation of every model, its verb and argument schema; its server is
// the path the handler is mounted under.
func TestOpenAPIDocument(t *testing.T) {
	h := testHandler()
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/api/rpc/openapi.json", nil)
	req.URL.Path = "/openapi.json" // as http.StripPrefix leaves it
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code)

	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	require.Equal(t, "/api/rpc", doc.Servers[0].URL)

	for _, typ := range h.reg.Types() {
		for op, oper := range operations {
			item := doc.Paths.Find("/" + typ + "/" + op)
			require.NotNil(t, item, typ+"/"+op)
			got := item.GetOperation(oper.verbs[len(oper.verbs)-1])
			require.NotNil(t, got, "%s/%s %s", typ, op, oper.verbs)
			require.NotNil(t, got.Responses.Value(itoa(oper.status)), "%s/%s", typ, op)
		}
	}
	require.NotNil(t, doc.Paths.Find("/$transaction/sequential").Post)

	findMany := doc.Paths.Find("/post/findMany").Get
	q := findMany.Parameters.GetByInAndName("query", "q")
	require.Equal(t, "#/components/schemas/PostFindManyArgs", q.Content.Get("application/json").Schema.Ref)
	require.NotNil(t, findMany.Parameters.GetByInAndName("query", "meta"))
	args := doc.Components.Schemas["PostFindManyArgs"].Value.Properties
	for _, k := range readArgs["findMany"] {
		require.Contains(t, args, k)
	}
	where := doc.Components.Schemas["PostWhere"].Value.Properties
	require.Contains(t, where, "viewCount")
	require.Contains(t, where["author"].Value.AnyOf[2].Value.Properties, "is")
	require.Contains(t, where["comments"].Value.Properties, "some")
	create := doc.Components.Schemas["PostCreateData"].Value
	require.Contains(t, create.Required, "title")
	require.Contains(t, create.Properties["tags"].Value.Properties, "connectOrCreate")
	update := doc.Components.Schemas["PostUpdateData"].Value
	require.Contains(t, update.Properties["tags"].Value.Properties, "set")
	require.NotNil(t, doc.Paths.Find("/post/update").Put)
	require.NotNil(t, doc.Paths.Find("/post/update").Patch)
	require.Equal(t, "create", doc.Paths.Find("/post/create").Post.Extensions["x-entstack-policy"])
	require.NotNil(t, doc.Paths.Find("/post/create").Post.Responses.Value("403"))
	require.Nil(t, doc.Paths.Find("/tag/findMany").Get.Responses.Value("403"))
	user := doc.Components.Schemas["User"].Value.Properties
	require.Equal(t, true, user["email"].Value.Extensions["x-entstack-read-rule"])
}

// The compact view for documentation pages keeps every operation and
// drops the schemas operations refer to.
func TestOpenAPICompactView(t *testing.T) {
	h := testHandler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json?view=docs", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	require.NotNil(t, doc.Paths.Find("/post/findMany").Get)
	require.NotContains(t, doc.Components.Schemas, "PostFindManyArgs")
	q := doc.Paths.Find("/post/findMany").Get.Parameters.GetByInAndName("query", "q")
	require.Contains(t, q.Content.Get("application/json").Schema.Value.Description, "PostFindManyArgs")
	require.Equal(t, map[string]any{"take": float64(10)}, q.Content.Get("application/json").Example)
}
