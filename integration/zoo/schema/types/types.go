// Package schema is the zoo's field-type schema: a Sample of every type
// Ent has (integers of every width, unsigned, floats, strings, enums,
// times, UUIDs, bytes, JSON of several Go types, Other), with custom Go
// types, an external ValueScanner, nillable and optional fields, defaults,
// update defaults, immutable, sensitive and validated fields.
package schema

import (
	"database/sql"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"

	"github.com/entstack/entstack/integration/zoo/ztypes"
)

// Sample has a field of every type.
type Sample struct{ ent.Schema }

func (Sample) Fields() []ent.Field {
	return []ent.Field{
		field.Int("i"),
		field.Int8("i8").Optional(),
		field.Int16("i16").Optional(),
		field.Int32("i32").Optional().Nillable(),
		field.Int64("i64").Default(64),
		field.Uint("u").Default(1),
		field.Uint8("u8").Optional(),
		field.Uint16("u16").Optional(),
		field.Uint32("u32").Optional().Nillable(),
		field.Uint64("u64").Optional(),
		field.Float32("f32").Optional(),
		field.Float("f64").Optional().Nillable(),
		field.Bool("b").Default(false),
		field.String("s").Default(""),
		field.Text("text").Optional(),
		field.String("code").Optional().MaxLen(8).Match(regexp.MustCompile(`^[a-z0-9]+$`)),
		field.Int("rank").Optional().Range(1, 1000),
		field.Enum("color").Values("red", "green", "blue").Default("red"),
		field.Enum("level").GoType(ztypes.Level("")).Optional(),
		field.Enum("prio").GoType(ztypes.Prio(0)).Optional(),
		field.Time("at").Optional().Nillable(),
		field.Time("created_at").Default(time.Now).Immutable(),
		field.Time("updated_at").Default(time.Now).UpdateDefault(time.Now),
		field.UUID("ref", uuid.UUID{}).Optional(),
		field.UUID("nref", uuid.UUID{}).Optional().Nillable(),
		field.Bytes("raw").Optional(),
		field.Bytes("ip").GoType(net.IP{}).Optional(),
		field.JSON("point", ztypes.Point{}).Optional(),
		field.JSON("points", []ztypes.Point{}).Optional(),
		field.JSON("attrs", map[string]any{}).Optional(),
		field.JSON("doc", json.RawMessage{}).Optional(),
		field.Strings("tags").Optional(),
		field.Ints("scores").Optional(),
		field.Floats("weights").Optional(),
		field.Any("any").Optional(),
		field.Other("price", ztypes.Money{}).
			SchemaType(map[string]string{dialect.Postgres: "bigint", dialect.MySQL: "bigint", dialect.SQLite: "integer"}).
			Optional(),
		field.Int64("timeout").GoType(time.Duration(0)).Optional(),
		field.String("dir").GoType(http.Dir("")).Default("/"),
		field.String("nick").GoType(sql.NullString{}).Optional(),
		field.Time("seen").GoType(&sql.NullTime{}).Optional(),
		field.Bool("flag").GoType(ztypes.Flag(false)).Optional(),
		field.String("link").GoType(&url.URL{}).ValueScanner(field.BinaryValueScanner[*url.URL]{}).Optional(),
		field.String("secret").Sensitive().Optional(),
		field.String("serial").Immutable().Optional(),
	}
}

func (Sample) Edges() []ent.Edge {
	return []ent.Edge{edge.To("notes", Note.Type)}
}

// Note is a child of Sample with a required JSON field.
type Note struct{ ent.Schema }

func (Note) Fields() []ent.Field {
	return []ent.Field{field.JSON("body", map[string]string{}), field.Int("sample_id").Optional()}
}

func (Note) Edges() []ent.Edge {
	return []ent.Edge{edge.From("sample", Sample.Type).Ref("notes").Unique().Field("sample_id")}
}
