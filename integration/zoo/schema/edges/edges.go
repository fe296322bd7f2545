// Package schema is the zoo's edge-shape schema: one-to-one, one-to-many
// and many-to-many relations, self-referencing and bidirectional ones
// (friends, spouse), several relations to the same type, edge fields with
// custom columns, custom join tables, required, optional and immutable
// relations, and cascading and restricting deletes.
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Person is at the center of every edge shape.
type Person struct{ ent.Schema }

func (Person) Fields() []ent.Field { return []ent.Field{field.String("name")} }

func (Person) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("card", Card.Type).Unique(),
		edge.To("pets", Pet.Type).Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("friends", Person.Type),
		edge.To("spouse", Person.Type).Unique(),
		edge.From("groups", Group.Type).Ref("members"),
		edge.To("authored", Doc.Type),
		edge.To("edited", Doc.Type),
	}
}

// Card belongs to exactly one person, for good.
type Card struct{ ent.Schema }

func (Card) Fields() []ent.Field {
	return []ent.Field{field.String("number").Unique(), field.Int("owner_id").Immutable()}
}

func (Card) Edges() []ent.Edge {
	return []ent.Edge{edge.From("owner", Person.Type).Ref("card").Unique().Required().Immutable().Field("owner_id")}
}

// Pet may have an owner (its column is owner_ref), and goes with it.
type Pet struct{ ent.Schema }

func (Pet) Fields() []ent.Field {
	return []ent.Field{field.String("name"), field.Int("owner_id").Optional().StorageKey("owner_ref")}
}

func (Pet) Edges() []ent.Edge {
	return []ent.Edge{edge.From("owner", Person.Type).Ref("pets").Unique().Field("owner_id")}
}

// Group has members through a join table of its own naming.
type Group struct{ ent.Schema }

func (Group) Fields() []ent.Field { return []ent.Field{field.String("name")} }

func (Group) Edges() []ent.Edge {
	return []ent.Edge{edge.To("members", Person.Type).StorageKey(edge.Table("group_people"), edge.Columns("g_id", "p_id"))}
}

// Doc has a required author and an optional editor, both people: deleting
// an author with documents is refused by the foreign key.
type Doc struct{ ent.Schema }

func (Doc) Fields() []ent.Field { return []ent.Field{field.String("title")} }

func (Doc) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("author", Person.Type).Ref("authored").Unique().Required(),
		edge.From("editor", Person.Type).Ref("edited").Unique(),
	}
}

func (Doc) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "documents"}}
}

// Node is a tree: deleting a node deletes its subtree.
type Node struct{ ent.Schema }

func (Node) Fields() []ent.Field { return []ent.Field{field.Int("value")} }

func (Node) Edges() []ent.Edge {
	return []ent.Edge{edge.To("children", Node.Type).From("parent").Unique().Annotations(entsql.OnDelete(entsql.Cascade))}
}
