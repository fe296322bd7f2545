package entx

import (
	"database/sql"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/entc/gen"
	"entgo.io/ent/entc/load"
	"entgo.io/ent/schema/field"
	"github.com/google/uuid"
)

// Exact has a field of each kind postgresExact decides on; the name of
// each says whether PostgreSQL stores its Go values exactly.
type Exact struct{ ent.Schema }

func (Exact) Fields() []ent.Field {
	return []ent.Field{
		field.Int("exact_int"),
		field.Uint8("exact_uint8"),
		field.Bool("exact_bool"),
		field.String("exact_string").MaxLen(8),
		field.Text("exact_text"),
		field.Enum("exact_enum").Values("a", "b"),
		field.Float("exact_float"),
		field.Float32("exact_float32"),
		field.Time("exact_time").Default(time.Now),
		field.UUID("exact_uuid", uuid.UUID{}).Default(uuid.New),
		field.Bytes("exact_bytes"),
		field.String("exact_dir").GoType(http.Dir("")), // a string kind, no Valuer
		field.Bytes("exact_ip").GoType(net.IP{}),       // a byte slice kind, no Valuer
		field.String("exact_mysql_type").SchemaType(map[string]string{dialect.MySQL: "varchar(10)"}),
		field.Float("inexact_numeric").SchemaType(map[string]string{dialect.Postgres: "numeric(10,2)"}),
		field.Time("inexact_date").SchemaType(map[string]string{dialect.Postgres: "date"}),
		field.String("inexact_char").SchemaType(map[string]string{dialect.Postgres: "char(4)"}),
		field.JSON("inexact_json", map[string]any{}),
		field.Strings("inexact_strings"),
		field.String("inexact_valuer").GoType(sql.NullString{}),
		field.Time("inexact_null_time").GoType(&sql.NullTime{}),
		field.String("inexact_scanner").GoType(&url.URL{}).ValueScanner(field.BinaryValueScanner[*url.URL]{}),
	}
}

// Plain has only exact fields (and a UUID id).
type Plain struct{ ent.Schema }

func (Plain) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(uuid.New),
		field.String("name"),
		field.Time("at").Optional().Nillable(),
		field.Float("score").Default(0),
	}
}

// Numbers has no time field.
type Numbers struct{ ent.Schema }

func (Numbers) Fields() []ent.Field { return []ent.Field{field.Int("n")} }

// Stamped has a time and a default only the database applies: its
// creates are read back, and their times left alone.
type Stamped struct{ ent.Schema }

func (Stamped) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at").Default(time.Now),
		field.Int("n").Annotations(entsql.Default("1")),
	}
}

func exactGraph(t *testing.T) *gen.Graph {
	t.Helper()
	var schemas []*load.Schema
	for _, s := range []ent.Interface{Exact{}, Plain{}, Numbers{}, Stamped{}} {
		b, err := load.MarshalSchema(s)
		if err != nil {
			t.Fatal(err)
		}
		ls, err := load.UnmarshalSchema(b)
		if err != nil {
			t.Fatal(err)
		}
		schemas = append(schemas, ls)
	}
	g, err := gen.NewGraph(&gen.Config{Package: "example.test/ent", Storage: &gen.Storage{Name: "sql"}}, schemas...)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestPostgresExact: per field, whether PostgreSQL stores the Go value as
// it is (the field's name says), and per model, whether all do; a create
// truncates times only where that makes the model exact.
func TestPostgresExact(t *testing.T) {
	g := exactGraph(t)
	types := map[string]*gen.Type{}
	for _, n := range g.Nodes {
		types[n.Name] = n
	}
	for _, f := range types["Exact"].Fields {
		want := f.Name[:len("exact")] == "exact"
		if got := exactOnPostgres(f); got != want {
			t.Errorf("exactOnPostgres(%s) = %v, want %v", f.Name, got, want)
		}
	}
	for _, c := range []struct {
		name         string
		exact, times bool
	}{
		{"Exact", false, false},
		{"Plain", true, true},
		{"Numbers", true, false},
		{"Stamped", true, false},
	} {
		n := types[c.name]
		if got := postgresExact(n); got != c.exact {
			t.Errorf("postgresExact(%s) = %v, want %v", c.name, got, c.exact)
		}
		if got, err := createTimes(n); got != c.times || err != nil {
			t.Errorf("createTimes(%s) = %v, %v; want %v", c.name, got, err, c.times)
		}
	}
}
