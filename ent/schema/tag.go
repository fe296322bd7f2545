package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/privacy"
)

// Tag labels posts; Post.tags and Tag.posts are the two sides of one
// many-to-many relation (join table post_tags).
type Tag struct {
	ent.Schema
}

// Fields of the Tag.
func (Tag) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").Unique(),
	}
}

// Edges of the Tag.
func (Tag) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("posts", Post.Type).Ref("tags"),
	}
}

// Annotations of the Tag: its access policy. Public; any signed-in user
// manages tags.
func (Tag) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `true`),
		privacy.Allow("create,update,delete", `auth() != null`),
	}
}
