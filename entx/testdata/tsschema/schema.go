// Package tsschema declares models that exercise what the TypeScript schema
// writer maps beyond the blog: a UUID id, JSON and bytes fields, an
// automatic update time, an optional field without a default, enums of the
// same name, a compound unique index, two relations between the same
// models, a referential action, a many-to-many relation, an edge schema
// (a composite id) and API names.
package tsschema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// Account is the auth model.
type Account struct{ ent.Schema }

// Fields of the Account.
func (Account) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New),
		field.String("handle").Optional(),
		field.Enum("kind").Values("PERSONAL", "TEAM"),
		field.Int("rank").Optional(),
		field.JSON("settings", map[string]any{}).Optional(),
		field.Bytes("avatar").Optional().Nillable(),
		field.String("secret").Annotations(resource.Hide()),
		field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now),
	}
}

// Edges of the Account.
func (Account) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owned", Project.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("reviewing", Project.Type),
		edge.To("teams", Team.Type),
		edge.To("pinned", Project.Type).Through("pins", Pin.Type),
	}
}

// Indexes of the Account.
func (Account) Indexes() []ent.Index {
	return []ent.Index{index.Fields("handle", "kind").Unique()}
}

// Annotations of the Account.
func (Account) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("all", `auth() == this`),
		privacy.Allow("read", `teams?[members?[handle == auth().handle]]`),
	}
}

// Project is owned by one account and reviewed by another.
type Project struct{ ent.Schema }

// Fields of the Project.
func (Project) Fields() []ent.Field {
	return []ent.Field{
		field.String("title").Annotations(resource.Name("displayName")),
		field.Enum("kind").Values("INTERNAL", "PUBLIC").Default("INTERNAL"),
		field.Float("budget").Default(-1.5),
		field.UUID("owner_id", uuid.UUID{}),
		field.UUID("reviewer_id", uuid.UUID{}).Optional().Nillable(),
	}
}

// Edges of the Project.
func (Project) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("owner", Account.Type).Ref("owned").Field("owner_id").Unique().Required(),
		edge.From("reviewer", Account.Type).Ref("reviewing").Field("reviewer_id").Unique(),
		edge.From("pinners", Account.Type).Ref("pinned").Through("pins", Pin.Type),
	}
}

// Annotations of the Project: its API type is "workspace".
func (Project) Annotations() []schema.Annotation {
	return []schema.Annotation{
		resource.Name("workspace"),
		privacy.Allow("read", `auth() == owner || auth() == reviewer`),
		privacy.Deny("update", `future().kind != kind`),
		privacy.Allow("create,update,delete", `auth() == owner`),
	}
}

// Team groups accounts (many-to-many).
type Team struct{ ent.Schema }

// Fields of the Team.
func (Team) Fields() []ent.Field {
	return []ent.Field{field.String("name").Unique()}
}

// Edges of the Team.
func (Team) Edges() []ent.Edge {
	return []ent.Edge{edge.From("members", Account.Type).Ref("teams")}
}

// Annotations of the Team.
func (Team) Annotations() []schema.Annotation {
	return []schema.Annotation{privacy.Allow("read", `!(name in ['hidden'])`)}
}

// Pin is an account's bookmark of a workspace: an edge schema, whose id is
// the pair (account_id, project_id).
type Pin struct{ ent.Schema }

// Fields of the Pin.
func (Pin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("account_id", uuid.UUID{}),
		field.Int("project_id").Annotations(resource.Name("workspaceId")),
		field.String("note").Default(""),
	}
}

// Edges of the Pin.
func (Pin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("account", Account.Type).Unique().Required().Field("account_id"),
		edge.To("project", Project.Type).Unique().Required().Field("project_id").Annotations(resource.Name("workspace")),
	}
}

// Annotations of the Pin.
func (Pin) Annotations() []schema.Annotation {
	return []schema.Annotation{
		field.ID("account_id", "project_id"),
		privacy.Allow("read", `auth() == account`),
		privacy.Allow("create,delete", `auth() == project.owner`),
	}
}
