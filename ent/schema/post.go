package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// Post is a blog post written by a User.
type Post struct {
	ent.Schema
}

// Fields of the Post.
func (Post) Fields() []ent.Field {
	return []ent.Field{
		field.String("title"),
		field.String("content").Optional().Nillable(),
		field.Bool("published").Default(false),
		field.Int("view_count").Default(0),
		field.Float("rating").Optional().Nillable(),
		field.Time("created_at").Default(time.Now).Immutable().
			Annotations(resource.ReadOnly()), // set by the server: clients cannot forge it
		field.Int("author_id"),
	}
}

// Edges of the Post.
func (Post) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("author", User.Type).Ref("posts").Field("author_id").Unique().Required(),
		edge.To("comments", Comment.Type),
		edge.To("tags", Tag.Type),
	}
}

// Indexes of the Post: the foreign key, and the index that serves the
// "published posts by view count" listing.
func (Post) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("author_id"),
		index.Fields("published", "view_count"),
	}
}

// Annotations of the Post: its access policy. Drafts are private to their
// author; authorship cannot move; admins do anything.
func (Post) Annotations() []schema.Annotation {
	return []schema.Annotation{
		privacy.Allow("read", `published || auth() == author`),
		privacy.Allow("create,update,delete", `auth() == author`),
		privacy.Deny("update", `future().authorId != authorId`),
		privacy.Allow("all", `auth().role == ADMIN`),
	}
}
