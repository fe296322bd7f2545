package entx

import (
	"testing"

	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

func annotate(anns *map[string]any, a resource.Annotation) {
	if *anns == nil {
		*anns = map[string]any{}
	}
	(*anns)[resource.AnnotationName] = a
}

func fieldOf(t *gen.Type, name string) *gen.Field {
	for _, f := range t.Fields {
		if f.Name == name {
			return f
		}
	}
	return nil
}

func edgeOf(t *gen.Type, name string) *gen.Edge {
	for _, e := range t.Edges {
		if e.Name == name {
			return e
		}
	}
	return nil
}

// API names are the lowerCamelCase of Ent names; foreign-key fields know
// their edge.
func TestModelNames(t *testing.T) {
	models, _, err := buildModels(loadBlog(t))
	require.NoError(t, err)
	post := models["Post"]
	require.Equal(t, "post", post.APIType)
	var names []string
	for _, f := range post.Fields {
		names = append(names, f.APIName)
	}
	require.Equal(t, []string{"title", "content", "published", "viewCount", "rating", "createdAt", "authorId"}, names)
	require.Equal(t, "author", post.Fields[6].EdgeName)
	require.Equal(t, "authorId", post.Edges[0].FKName)
	require.Equal(t, "resource.KindInt", post.Fields[3].Kind)
	require.Equal(t, []string{"USER", "ADMIN"}, models["User"].Fields[2].Enum)
}

// Annotations rename or hide a model, a field or an edge, make a field
// read-only; an edge to a hidden model is hidden too.
func TestModelAnnotations(t *testing.T) {
	g := loadBlog(t)
	post, user, tag := node(g, "Post"), node(g, "User"), node(g, "Tag")
	annotate((*map[string]any)(&post.Annotations), resource.Annotation{APIName: "article"})
	annotate((*map[string]any)(&fieldOf(post, "view_count").Annotations), resource.Annotation{APIName: "views", ReadOnly: true})
	annotate((*map[string]any)(&fieldOf(user, "email").Annotations), resource.Hide())
	annotate((*map[string]any)(&edgeOf(user, "comments").Annotations), resource.Annotation{APIName: "remarks"})
	annotate((*map[string]any)(&tag.Annotations), resource.Hide())
	models, _, err := buildModels(g)
	require.NoError(t, err)
	m := models["Post"]
	require.Equal(t, "article", m.APIType)
	require.Equal(t, "views", m.Fields[3].APIName)
	require.True(t, m.Fields[3].ReadOnly)
	for _, f := range models["User"].Fields {
		require.NotEqual(t, "email", f.APIName, "hidden field")
	}
	var userEdges []string
	for _, e := range models["User"].Edges {
		userEdges = append(userEdges, e.APIName)
	}
	require.Equal(t, []string{"posts", "remarks", "profile"}, userEdges)
	require.True(t, models["Tag"].Hidden)
	for _, e := range m.Edges {
		require.NotEqual(t, "tags", e.APIName, "edge to a hidden model")
	}
}

// Two API names that clash are not an error: the later element is served
// under its Ent name, and a notice says so and how to choose another.
func TestModelNameClash(t *testing.T) {
	g := loadBlog(t)
	post := node(g, "Post")
	annotate((*map[string]any)(&fieldOf(post, "title").Annotations), resource.Name("author"))
	models, notices, err := buildModels(g)
	require.NoError(t, err)
	m := models["Post"]
	require.Equal(t, "author", m.Fields[0].APIName)
	require.Equal(t, "author", m.Edges[0].E.Name)
	require.Equal(t, "author2", m.Edges[0].APIName)
	require.Contains(t, notices, `Post.author: API name "author" is taken: served as "author2" (resource.Name sets another)`)
}

func TestJSONName(t *testing.T) {
	for in, want := range map[string]string{"view_count": "viewCount", "author_id": "authorId", "title": "title", "created_at": "createdAt", "a_b_c": "aBC"} {
		require.Equal(t, want, jsonName(in), in)
	}
}

// Client-generated ids need an id field the schema declares: on Ent's
// default id the annotation is ignored, with a notice.
func TestClientIDNeedsDeclaredID(t *testing.T) {
	g := loadBlog(t)
	annotate((*map[string]any)(&node(g, "Tag").Annotations), resource.ClientID())
	models, notices, err := buildModels(g)
	require.NoError(t, err)
	require.False(t, models["Tag"].ClientID)
	require.Contains(t, notices, `Tag: resource.ClientID() ignored: Ent generates the id (declare field "id" to let clients choose it)`)
}

// A declared id that nothing else makes is the client's to choose: a
// string or UUID without a default (Ent's customid Revision), not an
// integer (the database numbers it) nor one with a default.
func TestClientMustChooseID(t *testing.T) {
	id := func(typ field.Type, userDefined, hasDefault bool) *gen.Type {
		return &gen.Type{Name: "X", ID: &gen.Field{Name: "id", UserDefined: userDefined, Default: hasDefault, Type: &field.TypeInfo{Type: typ}}}
	}
	for _, c := range []struct {
		name string
		t    *gen.Type
		want bool
	}{
		{"declared string id, no default", id(field.TypeString, true, false), true},
		{"declared UUID, no default", id(field.TypeUUID, true, false), true},
		{"declared UUID with a default", id(field.TypeUUID, true, true), false},
		{"declared integer id: the database numbers it", id(field.TypeInt64, true, false), false},
		{"Ent's own id", id(field.TypeInt, false, false), false},
	} {
		require.Equal(t, c.want, clientMustChooseID(c.t), c.name)
	}
}

// A field named type (JSON:API's reserved member) keeps its name for RPC
// and is the member <model>Type for REST; a name lowerCamelCase makes
// equal to an earlier one falls back to the Ent name.
func TestReservedNames(t *testing.T) {
	g := loadBlog(t)
	post := node(g, "Post")
	fieldOf(post, "title").Name = "type"
	fieldOf(post, "content").Name = "view_count_"
	fieldOf(post, "rating").Name = "viewCount"
	models, notices, err := buildModels(g)
	require.NoError(t, err)
	m := models["Post"]
	require.Equal(t, "type", m.Fields[0].APIName)
	require.Equal(t, "postType", m.Fields[0].Member)
	require.Equal(t, "viewCount", m.Fields[1].APIName)
	require.Equal(t, "view_count", m.Fields[3].APIName)
	require.Equal(t, "viewCount2", m.Fields[4].APIName)
	require.Contains(t, notices, `Post.view_count: API name "viewCount" is taken: served as "view_count" (resource.Name sets another)`)
	require.Contains(t, notices, `Post.viewCount: API name "viewCount" is taken: served as "viewCount2" (resource.Name sets another)`)
}

// A model left out that declares access rules says that they are not
// enforced: its policy is compiled for served models only.
func TestUnservedRulesNoticed(t *testing.T) {
	g := loadBlog(t)
	tag := node(g, "Tag")
	require.Contains(t, tag.Annotations, privacy.AnnotationName, "the blog's Tag has rules")
	tag.ID = nil // as Ent gives a view
	_, notices, err := buildModels(g)
	require.NoError(t, err)
	require.Contains(t, notices, "Tag: not served: an Ent view has no id (query it from Go); its privacy rules are not enforced either, on Go callers too (guard it with an Ent Policy())")
}
