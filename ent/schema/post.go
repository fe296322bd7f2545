package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
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
		field.Time("created_at").Default(time.Now).Immutable(),
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
