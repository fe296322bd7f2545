// Package schema declares the models of TestCreateAnswerIsStoredRow. They
// have no access policy: the test is about values.
package schema

import (
	"encoding/json"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// Event has a field of each kind PostgreSQL stores exactly: times written
// by the client and filled in by Ent's defaults, floats of both sizes,
// strings, an enum, integers, a bool, a UUID and bytes.
type Event struct{ ent.Schema }

// Fields of the Event.
func (Event) Fields() []ent.Field {
	return []ent.Field{
		field.String("title"),
		field.Enum("kind").Values("talk", "meetup").Default("talk"),
		field.Time("starts_at"),
		field.Time("ends_at").Optional().Nillable(),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now),
		field.Float("score").Optional().Nillable(),
		field.Float32("ratio").Default(0.1),
		field.Int("seats").Default(0),
		field.Uint16("rooms").Default(1),
		field.Bool("online").Default(false),
		field.UUID("ref", uuid.UUID{}).Default(uuid.New),
		field.Bytes("badge").Optional(),
	}
}

// Reading has a JSON field (jsonb on PostgreSQL: keys reordered, spaces
// dropped) and a numeric(10,2) column (rounds to cents): its creates are
// read back on PostgreSQL.
type Reading struct{ ent.Schema }

// Fields of the Reading.
func (Reading) Fields() []ent.Field {
	return []ent.Field{
		field.JSON("meta", json.RawMessage{}).Optional(),
		field.Float("amount").SchemaType(map[string]string{dialect.Postgres: "numeric(10,2)"}),
		field.Time("taken_at").Default(time.Now),
	}
}
