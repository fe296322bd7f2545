// Package schema is the zoo's naming schema: fields and edges named like
// JSON:API's reserved members (type), a field whose name is what the
// reserved one is renamed to (card_type), a resource.Name that is taken,
// and members named like JSON:API document members (meta, links).
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"

	"github.com/entstack/entstack/resource"
)

// Card has an attribute named type.
type Card struct{ ent.Schema }

func (Card) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("type").Values("visa", "amex").Default("visa"),
		field.String("card_type").Optional(),
		field.String("meta").Optional(),
		field.String("links").Optional(),
		field.String("label").Optional().Annotations(resource.Name("meta")),
	}
}

// File has a relationship named type.
type File struct{ ent.Schema }

func (File) Fields() []ent.Field { return []ent.Field{field.String("name")} }

func (File) Edges() []ent.Edge {
	return []ent.Edge{edge.From("type", FileType.Type).Ref("files").Unique()}
}

// FileType is the type of files.
type FileType struct{ ent.Schema }

func (FileType) Fields() []ent.Field { return []ent.Field{field.String("name").Unique()} }

func (FileType) Edges() []ent.Edge { return []ent.Edge{edge.To("files", File.Type)} }
