package restapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"
)

// The document the handler serves is valid OpenAPI 3.1 and describes every
// model: its collection, resource, related and relationship endpoints,
// typed filters, enums of sort/include/fields, and the policy marks.
func TestOpenAPIDocument(t *testing.T) {
	h := testHandler(t, Options{PageSize: 20, MaxPageSize: 50})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))

	doc, err := openapi3.NewLoader().LoadFromData(rec.Body.Bytes())
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	require.Equal(t, "3.1.0", doc.OpenAPI)
	require.Equal(t, "http://api.test/api/rest", doc.Servers[0].URL)

	for _, typ := range h.reg.Types() {
		m := model(t, h, typ)
		require.NotNil(t, doc.Paths.Find("/"+typ).Get, typ)
		require.NotNil(t, doc.Paths.Find("/"+typ).Post, typ)
		one := doc.Paths.Find("/" + typ + "/{id}")
		require.NotNil(t, one.Get, typ)
		require.NotNil(t, one.Patch, typ)
		require.NotNil(t, one.Delete, typ)
		for _, e := range m.Edges() {
			require.NotNil(t, doc.Paths.Find("/"+typ+"/{id}/"+e.Name()).Get, typ+"."+e.Name())
			rel := doc.Paths.Find("/" + typ + "/{id}/relationships/" + e.Name())
			require.NotNil(t, rel.Get, typ+"."+e.Name())
			require.NotNil(t, rel.Patch, typ+"."+e.Name())
			if !e.Unique() {
				require.NotNil(t, rel.Post, typ+"."+e.Name())
				require.NotNil(t, rel.Delete, typ+"."+e.Name())
			} else {
				require.Nil(t, rel.Delete, "DELETE does not apply to the to-one %s.%s", typ, e.Name())
			}
		}
	}

	list := doc.Paths.Find("/post").Get
	param := func(name string) *openapi3.Parameter {
		p := list.Parameters.GetByInAndName("query", name)
		require.NotNil(t, p, name)
		return p
	}
	require.Equal(t, "integer", typeOf(param("filter[viewCount$gt]").Schema.Value.Items.Value))
	require.Equal(t, "date-time", param("filter[createdAt$gte]").Schema.Value.Items.Value.Format)
	require.Equal(t, "boolean", typeOf(param("filter[published]").Schema.Value.Items.Value))
	require.NotNil(t, list.Parameters.GetByInAndName("query", "filter[title$icontains]"))
	require.Nil(t, list.Parameters.GetByInAndName("query", "filter[viewCount$contains]"), "string operators only on strings")
	require.NotNil(t, list.Parameters.GetByInAndName("query", "filter[tags$hasEvery]"))
	require.Nil(t, list.Parameters.GetByInAndName("query", "filter[author$hasEvery]"), "collection operators only on to-many")
	require.Contains(t, param("sort").Schema.Value.Items.Value.Enum, "-viewCount")
	require.Contains(t, param("sort").Schema.Value.Items.Value.Enum, "author.name")
	require.Contains(t, param("include").Schema.Value.Items.Value.Enum, "comments.author")
	require.Contains(t, param("fields[user]").Schema.Value.Items.Value.Enum, "email")
	limit := doc.Components.Parameters["pageLimit"].Value.Schema.Value
	require.Equal(t, 50.0, *limit.Max)

	// Policy marks: tags are readable by all (no mark), posts are guarded;
	// User.email is hidden by a read rule; createdAt is read-only.
	require.Nil(t, doc.Paths.Find("/tag").Get.Extensions["x-entstack-policy"])
	require.Equal(t, "read", doc.Paths.Find("/post").Get.Extensions["x-entstack-policy"])
	require.NotNil(t, doc.Paths.Find("/post/{id}").Patch.Responses.Value("403"))
	user := doc.Components.Schemas["User"].Value.Properties["attributes"].Value.Properties
	require.Equal(t, true, user["email"].Value.Extensions["x-entstack-read-rule"])
	require.True(t, user["createdAt"].Value.ReadOnly)
	create := doc.Components.Schemas["PostCreate"].Value.Properties["data"].Value
	require.NotContains(t, create.Properties["attributes"].Value.Properties, "createdAt")
	require.Contains(t, create.Properties["attributes"].Value.Required, "title")

	// The error document's status is a string.
	status := doc.Components.Schemas["Error"].Value.Properties["status"].Value
	require.Equal(t, "string", typeOf(status))

	var raw map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &raw))
	require.Contains(t, raw["components"].(map[string]any)["securitySchemes"], "bearerAuth")
}

func typeOf(s *openapi3.Schema) string {
	if s.Type == nil || len(*s.Type) == 0 {
		return ""
	}
	return (*s.Type)[0]
}
