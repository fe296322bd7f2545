package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
)

// Profile holds optional details of a User (at most one per user).
type Profile struct {
	ent.Schema
}

// Fields of the Profile.
func (Profile) Fields() []ent.Field {
	return []ent.Field{
		field.String("gender"),
		field.String("bio").Optional().Nillable(),
		field.Int("user_id").Unique(),
	}
}

// Edges of the Profile.
func (Profile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("profile").Field("user_id").Unique().Required(),
	}
}

// Annotations of the Profile: its access policy. Public; owned by its user,
// and never handed to another one.
func (Profile) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `true`),
		privacy.Allow("all", `auth() == user`),
		privacy.Deny("update", `future().userId != userId`),
	}
}
