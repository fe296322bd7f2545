// Package schema is the zoo's id schemas: one model per kind of id Ent
// takes (integers of every width, unsigned, strings, UUIDs, bytes, custom
// string- and integer-backed Go types, Other), each referenced by a foreign
// key of Item and reached through to-many relations.
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"

	"github.com/entstack/entstack/integration/zoo/ztypes"
	"github.com/entstack/entstack/resource"
)

// Small has an int8 id that clients choose.
type Small struct{ ent.Schema }

func (Small) Fields() []ent.Field {
	return []ent.Field{field.Int8("id"), field.String("label").Optional()}
}
func (Small) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }
func (Small) Annotations() []schema.Annotation {
	return []schema.Annotation{resource.ClientID()}
}

// Big has a uint64 id that clients choose.
type Big struct{ ent.Schema }

func (Big) Fields() []ent.Field {
	return []ent.Field{field.Uint64("id"), field.Uint16("size").Default(1)}
}
func (Big) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }
func (Big) Annotations() []schema.Annotation {
	return []schema.Annotation{resource.ClientID()}
}

// Word has a string id.
type Word struct{ ent.Schema }

func (Word) Fields() []ent.Field {
	return []ent.Field{field.String("id").NotEmpty().MaxLen(64).DefaultFunc(func() string { return uuid.NewString() })}
}
func (Word) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }

// Token has a UUID id.
type Token struct{ ent.Schema }

func (Token) Fields() []ent.Field {
	return []ent.Field{field.UUID("id", uuid.UUID{}).Default(uuid.New), field.Time("expires").Optional().Nillable()}
}
func (Token) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }

// Label has a string-based custom id (a PULID).
type Label struct{ ent.Schema }

func (Label) Fields() []ent.Field {
	return []ent.Field{field.String("id").GoType(ztypes.PULID("")).DefaultFunc(ztypes.NewPULID), field.String("name").Unique()}
}
func (Label) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }

// Ticket has a string id stored as an integer (the sid.ID shape).
type Ticket struct{ ent.Schema }

func (Ticket) Fields() []ent.Field {
	return []ent.Field{field.Int64("id").GoType(ztypes.SID("")).DefaultFunc(ztypes.NewSID)}
}
func (Ticket) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }

// Badge has a field.Other id.
type Badge struct{ ent.Schema }

func (Badge) Fields() []ent.Field {
	return []ent.Field{
		field.Other("id", ztypes.Code("")).
			SchemaType(map[string]string{dialect.Postgres: "varchar", dialect.MySQL: "varchar(32)", dialect.SQLite: "varchar(32)"}).
			Default(ztypes.Code("B")),
	}
}
func (Badge) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }
func (Badge) Annotations() []schema.Annotation {
	return []schema.Annotation{resource.ClientID()}
}

// Blob has a binary id.
type Blob struct{ ent.Schema }

func (Blob) Fields() []ent.Field {
	return []ent.Field{field.Bytes("id").GoType(ztypes.Hash{}).DefaultFunc(ztypes.NewHash).MaxLen(8).
		// MySQL keys no BLOB column without a length.
		SchemaType(map[string]string{dialect.MySQL: "varbinary(8)"})}
}
func (Blob) Edges() []ent.Edge { return []ent.Edge{edge.To("items", Item.Type)} }

// Item references a row of every kind of id, and has many labels.
type Item struct{ ent.Schema }

func (Item) Fields() []ent.Field {
	return []ent.Field{field.String("name"), field.Int8("small_id").Optional(), field.Uint64("big_id").Optional()}
}
func (Item) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("small", Small.Type).Ref("items").Unique().Field("small_id"),
		edge.From("big", Big.Type).Ref("items").Unique().Field("big_id"),
		edge.From("word", Word.Type).Ref("items").Unique(),
		edge.From("token", Token.Type).Ref("items").Unique(),
		edge.From("ticket", Ticket.Type).Ref("items").Unique(),
		edge.From("badge", Badge.Type).Ref("items").Unique(),
		edge.From("blob", Blob.Type).Ref("items").Unique(),
		edge.From("labels", Label.Type).Ref("items"),
	}
}
