package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// User is an author and reader of the blog; auth() resolves to a User.
type User struct {
	ent.Schema
}

// Fields of the User.
func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").Unique().NotEmpty().
			Annotations(privacy.Allow("read", `auth() == this || auth().role == ADMIN`)),
		field.String("name").Optional().Nillable(),
		field.Enum("role").Values("USER", "ADMIN").Default("USER").
			Annotations(privacy.Allow("update", `auth().role == ADMIN`)),
		field.Time("created_at").Default(time.Now).Immutable().
			Annotations(resource.ReadOnly()), // set by the server: clients cannot forge it
	}
}

// Edges of the User.
func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("posts", Post.Type),
		edge.To("comments", Comment.Type),
		edge.To("profile", Profile.Type).Unique(),
	}
}

// Annotations of the User: its access policy. Anyone may sign up, but not
// as an admin; users edit and delete themselves; admins do anything.
func (User) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `true`),
		privacy.Allow("create", `true`),
		privacy.Deny("create", `role == ADMIN && auth().role != ADMIN`),
		privacy.Allow("update,delete", `auth() == this`),
		privacy.Allow("all", `auth().role == ADMIN`),
	}
}
