package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/entstack/entstack/privacy"
)

// Comment is a reader's comment on a Post; anonymous when it has no author.
type Comment struct {
	ent.Schema
}

// Fields of the Comment.
func (Comment) Fields() []ent.Field {
	return []ent.Field{
		field.String("content"),
		field.Int("post_id"),
		field.Int("author_id").Optional().Nillable(),
	}
}

// Edges of the Comment.
func (Comment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("post", Post.Type).Ref("comments").Field("post_id").Unique().Required(),
		edge.From("author", User.Type).Ref("comments").Field("author_id").Unique(),
	}
}

// Indexes of the Comment: its two foreign keys.
func (Comment) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("post_id"),
		index.Fields("author_id"),
	}
}

// Annotations of the Comment: its access policy. Comments are as visible as
// their post; signed-in users comment on published posts in their own name,
// and a comment cannot be attributed to someone else (or to nobody) later.
func (Comment) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `post.published || auth() == post.author`),
		privacy.Allow("create", `auth() != null && auth() == author && post.published`),
		privacy.Allow("update,delete", `auth() == author`),
		privacy.Deny("update", `future().authorId != authorId`),
	}
}
