// Package schema is the zoo's edge-schema schema: many-to-many relations
// through entities of their own (edge.To(…).Through(…)), with composite
// ids, an own id, extra fields with defaults, and one whose required field
// has no default (its relation is read-only: links are written as rows of
// the edge schema). It has no User model.
package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Member is the owner of every edge schema.
type Member struct{ ent.Schema }

func (Member) Fields() []ent.Field { return []ent.Field{field.String("name")} }

func (Member) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("friends", Member.Type).Through("friendships", Friendship.Type),
		edge.To("teams", Team.Type).Through("memberships", Membership.Type),
		edge.To("liked", Story.Type).Through("likes", Like.Type),
	}
}

// Friendship links two members; its id is the pair.
type Friendship struct{ ent.Schema }

func (Friendship) Annotations() []schema.Annotation {
	return []schema.Annotation{field.ID("member_id", "friend_id")}
}

func (Friendship) Fields() []ent.Field {
	return []ent.Field{
		field.Int("weight").Default(1),
		field.Time("created_at").Default(time.Now),
		field.Int("member_id"),
		field.Int("friend_id"),
	}
}

func (Friendship) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("member", Member.Type).Unique().Required().Field("member_id"),
		edge.To("friend", Member.Type).Unique().Required().Field("friend_id"),
	}
}

// Team has members through Membership.
type Team struct{ ent.Schema }

func (Team) Fields() []ent.Field { return []ent.Field{field.String("name")} }

func (Team) Edges() []ent.Edge {
	return []ent.Edge{edge.From("members", Member.Type).Ref("teams").Through("memberships", Membership.Type)}
}

// Membership is an edge schema with an id of its own and a role.
type Membership struct{ ent.Schema }

func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("role").Values("member", "admin").Default("member"),
		field.Int("member_id"),
		field.Int("team_id"),
	}
}

func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("member", Member.Type).Unique().Required().Field("member_id"),
		edge.To("team", Team.Type).Unique().Required().Field("team_id"),
	}
}

// Story can be liked.
type Story struct{ ent.Schema }

func (Story) Fields() []ent.Field { return []ent.Field{field.String("title")} }

func (Story) Edges() []ent.Edge {
	return []ent.Edge{edge.From("likers", Member.Type).Ref("liked").Through("likes", Like.Type)}
}

// Like needs a reaction: Member.liked cannot be written as a relation.
type Like struct{ ent.Schema }

func (Like) Annotations() []schema.Annotation {
	return []schema.Annotation{field.ID("member_id", "story_id")}
}

func (Like) Fields() []ent.Field {
	return []ent.Field{field.String("reaction"), field.Int("member_id"), field.Int("story_id")}
}

func (Like) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("member", Member.Type).Unique().Required().Field("member_id"),
		edge.To("story", Story.Type).Unique().Required().Field("story_id"),
	}
}
