package entx

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/stretchr/testify/require"
)

// zooRules are rule shapes that once made the generated policy code fail to
// compile or go vet: repeated operands (a != nil && a != nil), constant
// comparisons, contradictions vet calls suspect (x == A && x == B), nested
// && and || around auth(), and every construct of the language in each kind
// of rule (ops).
var zooRules = []struct {
	ops, rule string
	denyOnly  bool // decided after the write: an allow update rule may not be
}{
	{"all", `auth().role == admin && organizationId == auth().organizationId`, false},
	{"all", `auth() != null && auth() != null && auth() == owner`, false},
	{"all", `auth().role == admin && auth().role == member`, false},
	{"all", `auth().role != admin || auth().role != member`, false},
	{"all", `(auth().role == admin || owner == auth()) && (auth().role == admin || status == open) && (auth().role == admin || auth().name != null)`, false},
	{"all", `1 < 2 && title == 'x' || false || !(auth() == null) && !!(status == open)`, false},
	{"all", `auth().name == auth().name && ownerId == null || ownerId != null`, false},
	{"all", `currentOperation() == 'create' || currentModel('lower') == 'item' && currentOperation() in ['read', 'delete']`, false},
	{"all", `has(labels, 'x') && hasSome(labels, auth().tags) || isEmpty(auth().tags) || 'a' in auth().tags || hasEvery(auth().tags, ['a', 'b'])`, false},
	{"all", `contains(title, auth().name, true) && startsWith(auth().name, 'a') && endsWith(title, 'z')`, false},
	{"all", `title in ['a', 'b', 'a'] && status in [open, open] && score > 1.5 && score != 2`, false},
	{"all", `createdAt < now() && auth().createdAt <= createdAt`, false},
	{"all", `check(owner) && check(organization, 'update') || check(owner, 'read')`, false},
	{"all", `auth().organization.name == 'acme' && auth().items?[i, i.status == open && i.organizationId == this.organizationId]`, false},
	{"all", `organization == auth().organization && auth().organization.plan != null || auth().organization.members![role == member]`, false},
	{"all", `auth().organization.id == organizationId && owner.id == auth().id || parent.organization.id != auth().organization.id`, false},
	{"read,update,delete", `children?[c, c.owner == auth() && c.children^[d, d.title == c.title]] && parent.children![score >= this.score]`, false},
	{"read,update,delete", `tags?[t, t.name == this.title] || owner.items?[status == this.status && auth() == owner]`, false},
	{"update", `future().status != status && future().ownerId != ownerId || future().title == 'x'`, false},
	{"update", `has(future().labels, 'x')`, true},
	{"post-update", `before().status == status || auth().role == admin || before().title != title`, false},
	{"post-update", `check(owner, 'update') && parent.score > before().score`, false},
}

// zooFieldRules are field rules: read rules are Go over each loaded row and
// SQL for filters; update rules are SQL.
var zooFieldRules = []struct{ ops, rule string }{
	{"read", `auth() == owner || auth().role == admin && auth().role == admin || auth().role != member`},
	{"read", `isEmpty(labels) || has(auth().tags, title) || currentOperation() == 'update'`},
	{"update", `auth().organization.plan == pro && auth().items?[status == open]`},
	{"all", `auth() != null && title != 'x'`},
}

const zooSchema = `package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
)

type User struct{ ent.Schema }

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Optional().Nillable(),
		field.Enum("role").Values("member", "admin"),
		field.Strings("tags").Optional(),
		field.Time("created_at"),
		field.Int("organization_id").Optional(),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("members").Field("organization_id").Unique(),
		edge.To("items", Item.Type),
	}
}

func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{privacy.Allow("all", ` + "`true`" + `)}
}

type Organization struct{ ent.Schema }

func (Organization) Fields() []ent.Field {
	return []ent.Field{field.String("name"), field.Enum("plan").Values("free", "pro").Optional()}
}

func (Organization) Edges() []ent.Edge {
	return []ent.Edge{edge.To("members", User.Type), edge.To("items", Item.Type)}
}

func (Organization) Annotations() []schema.Annotation {
	return []schema.Annotation{privacy.Allow("read,update", ` + "`auth().organization == this`" + `)}
}

type Tag struct{ ent.Schema }

func (Tag) Fields() []ent.Field { return []ent.Field{field.String("name")} }

func (Tag) Edges() []ent.Edge { return []ent.Edge{edge.From("items", Item.Type).Ref("tags")} }

type Item struct{ ent.Schema }

func (Item) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Annotations(%s),
		field.Enum("status").Values("open", "closed"),
		field.Float("score"),
		field.Strings("labels").Optional(),
		field.Time("created_at"),
		field.Int("owner_id").Optional(),
		field.Int("organization_id"),
		field.Int("parent_id").Optional(),
	}
}

func (Item) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", User.Type).Ref("items").Field("owner_id").Unique(),
		edge.From("organization", Organization.Type).Ref("items").Field("organization_id").Unique().Required(),
		edge.To("children", Item.Type).From("parent").Field("parent_id").Unique(),
		edge.To("tags", Tag.Type),
	}
}

func (Item) Annotations() []schema.Annotation {
	return []schema.Annotation{
%s	}
}
`

// The generated policy code of every rule shape compiles and passes go vet.
func TestGeneratedCodeVets(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and vets a module package (slow)")
	}
	dir, err := os.MkdirTemp("internal", "vetzoo")
	require.NoError(t, err)
	t.Cleanup(func() {
		if os.Getenv("ENTSTACK_KEEP_VETZOO") == "" {
			os.RemoveAll(dir)
		}
	})
	var model, field strings.Builder
	for _, r := range zooRules {
		if !r.denyOnly {
			fmt.Fprintf(&model, "\t\tprivacy.Allow(%q, `%s`),\n", r.ops, r.rule)
		}
		fmt.Fprintf(&model, "\t\tprivacy.Deny(%q, `%s`),\n", r.ops, r.rule)
	}
	for i, r := range zooFieldRules {
		if i > 0 {
			field.WriteString(", ")
		}
		fmt.Fprintf(&field, "privacy.Allow(%q, `%s`), privacy.Deny(%q, `%s`)", r.ops, r.rule, r.ops, r.rule)
	}
	schemaDir := filepath.Join(dir, "schema")
	require.NoError(t, os.MkdirAll(schemaDir, 0o755))
	src := fmt.Sprintf(zooSchema, field.String(), model.String())
	require.NoError(t, os.WriteFile(filepath.Join(schemaDir, "schema.go"), []byte(src), 0o644))

	abs, err := filepath.Abs(dir)
	require.NoError(t, err)
	err = entc.Generate("./"+schemaDir, &gen.Config{
		Target:  filepath.Join(abs, "ent"),
		Package: "github.com/entstack/entstack/entx/" + filepath.ToSlash(filepath.Join(dir, "ent")),
	}, entc.FeatureNames("sql/modifier"), entc.Extensions(NewExtension()))
	require.NoError(t, err)
	out, err := exec.Command("go", "vet", "./"+filepath.ToSlash(filepath.Join(dir, "ent"))).CombinedOutput()
	require.NoError(t, err, "go vet:\n%s", out)
}
