package entx

import (
	"os"
	"path/filepath"
	"testing"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/stretchr/testify/require"
)

// The TypeScript schema is byte for byte what ZenStack's `zen generate`
// writes for the equivalent ZModel: testdata/zenstack holds each ZModel
// and the schema.ts ZenStack 3.9.4 generated from it (README.md there says
// how to regenerate them).
func TestTypeScriptSchemaIsZenStacks(t *testing.T) {
	for _, tc := range []struct {
		name, schema, auth string
	}{
		{"blog", "../ent/schema", "User"},
		{"langtest", "./internal/langtest/ent/schema", "User"},
		{"tsschema", "./testdata/tsschema", "Account"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := entc.LoadGraph(tc.schema, &gen.Config{})
			require.NoError(t, err)
			models, _, err := buildModels(g)
			require.NoError(t, err)
			got, err := typeScriptSchema(g, models, tc.auth, "")
			require.NoError(t, err)
			want, err := os.ReadFile(filepath.Join("testdata", "zenstack", tc.name+".schema.ts"))
			require.NoError(t, err)
			require.Equal(t, string(want), got)
		})
	}
}

// The provider is one ZenStack knows; sqlite and mysql type the client for
// those databases.
func TestTypeScriptSchemaProvider(t *testing.T) {
	g := loadBlog(t)
	models, _, err := buildModels(g)
	require.NoError(t, err)
	src, err := typeScriptSchema(g, models, "User", "sqlite")
	require.NoError(t, err)
	require.Contains(t, src, "provider = {\n        type: \"sqlite\"\n    } as const;")
	_, err = typeScriptSchema(g, models, "User", "oracle")
	require.ErrorContains(t, err, `schema provider "oracle"`)
}

func TestTSString(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:     `"plain"`,
		`a "q" \b`:  `"a \"q\" \\b"`,
		"tab\tnl\n": `"tab\tnl\n"`,
		"é😀":        `"\u00E9\uD83D\uDE00"`,
	} {
		require.Equal(t, want, string(tsString(in)), in)
	}
	require.Equal(t, "viewCount", tsKey("viewCount"))
	require.Equal(t, `"in-progress"`, tsKey("in-progress"))
}

// Guards marks the operations whose rules are not a constant allow: the
// API descriptions show them as policy-guarded.
func TestPolicyGuards(t *testing.T) {
	policies, err := compilePolicies(loadBlog(t), "User", false)
	require.NoError(t, err)
	for model, want := range map[string]string{
		"Tag":  "resource.Guards{Create: true, Read: false, Update: true, Delete: true}",
		"User": "resource.Guards{Create: true, Read: false, Update: true, Delete: true}",
		"Post": "resource.Guards{Create: true, Read: true, Update: true, Delete: true}",
	} {
		require.Equal(t, want, policies[model].Guards(), model)
	}
	models, _, err := buildModels(loadBlog(t))
	require.NoError(t, err)
	email := models["User"].Fields[0]
	require.Equal(t, "email", email.APIName)
	require.True(t, email.ReadRule)
	require.False(t, email.UpdateRule)
	require.True(t, models["User"].Fields[2].UpdateRule) // role
}
