package resource

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
)

// fields is a FieldSetter over a map, recording the fields set.
type fields struct {
	names  []string
	values map[string]ent.Value
	set    []string
	err    error
}

func (f *fields) Fields() []string { return f.names }

func (f *fields) Field(name string) (ent.Value, bool) {
	v, ok := f.values[name]
	return v, ok
}

func (f *fields) SetField(name string, v ent.Value) error {
	if f.err != nil {
		return f.err
	}
	f.set = append(f.set, name)
	f.values[name] = v
	return nil
}

// pgxMicros is what pgx v5 sends for a timestamptz in binary: whole
// microseconds since the Unix epoch (pgtype's TimestamptzCodec).
func pgxMicros(t time.Time) int64 { return t.Unix()*1000000 + int64(t.Nanosecond())/1000 }

// TestTruncateTimes: times lose what is below the microsecond, as pgx
// drops it (rounding down, before the epoch too), and keep their
// location; other values and whole-microsecond times are not set again.
func TestTruncateTimes(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	for _, c := range []struct {
		name string
		in   ent.Value
		want ent.Value // nil: not set
	}{
		{"nanoseconds", time.Date(2026, 3, 1, 10, 0, 0, 123456789, time.UTC), time.Date(2026, 3, 1, 10, 0, 0, 123456000, time.UTC)},
		{"an offset is kept", time.Date(2030, 11, 21, 15, 4, 5, 999999999, ist), time.Date(2030, 11, 21, 15, 4, 5, 999999000, ist)},
		{"before the epoch: down, not toward zero", time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC), time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC)},
		{"before year 1", time.Date(-44, 3, 15, 12, 0, 0, 1999, time.UTC), time.Date(-44, 3, 15, 12, 0, 0, 1000, time.UTC)},
		{"whole microseconds", time.Date(2026, 3, 1, 10, 0, 0, 123456000, time.UTC), nil},
		{"not a time", "12:00:00.123456789", nil},
		{"a number", 1.0000001, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &fields{names: []string{"x"}, values: map[string]ent.Value{"x": c.in}}
			if err := TruncateTimes(m); err != nil {
				t.Fatal(err)
			}
			if c.want == nil {
				if len(m.set) > 0 {
					t.Errorf("set %v, want nothing set", m.set)
				}
				return
			}
			got, _ := m.values["x"].(time.Time)
			want := c.want.(time.Time)
			if !got.Equal(want) || got.Location() != want.Location() {
				t.Errorf("got %v, want %v", got, want)
			}
			if in := c.in.(time.Time); pgxMicros(got) != pgxMicros(in) || got.Nanosecond()%1000 != 0 {
				t.Errorf("got %v (%d µs), pgx sends %d µs for %v", got, pgxMicros(got), pgxMicros(in), in)
			}
		})
	}
	t.Run("several fields, an error", func(t *testing.T) {
		now := time.Date(2026, 3, 1, 10, 0, 0, 1, time.UTC)
		m := &fields{names: []string{"a", "b", "c"}, values: map[string]ent.Value{"a": now, "b": 1, "c": now}}
		if err := TruncateTimes(m); err != nil || !slices.Equal(m.set, []string{"a", "c"}) {
			t.Errorf("set %v (%v), want a and c", m.set, err)
		}
		boom := errors.New("boom")
		m = &fields{names: []string{"a"}, values: map[string]ent.Value{"a": now}, err: boom}
		if err := TruncateTimes(m); !errors.Is(err, boom) {
			t.Errorf("error %v, want %v", err, boom)
		}
	})
}

// TestMicrosecondTimes: the hook is added, last, on PostgreSQL only, in a
// slice of its own (the builder's may share its array with the client's
// hooks).
func TestMicrosecondTimes(t *testing.T) {
	var calls []string
	schema := func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			calls = append(calls, "schema")
			return next.Mutate(ctx, m)
		})
	}
	for _, c := range []struct {
		dialect string
		want    int
	}{
		{dialect.Postgres, 2},
		{dialect.SQLite, 1},
		{dialect.MySQL, 1},
	} {
		t.Run(c.dialect, func(t *testing.T) {
			base := make([]ent.Hook, 1, 4)
			base[0] = schema
			hooks := MicrosecondTimes(c.dialect, base)
			if len(hooks) != c.want {
				t.Fatalf("%d hooks, want %d", len(hooks), c.want)
			}
			if c.want == 1 {
				return
			}
			if &hooks[0] == &base[0] {
				t.Error("the hooks were appended to the caller's array")
			}
			// Run the chain as Ent's withHooks does: the first hook outermost.
			calls = nil
			var seen ent.Value
			var mut ent.Mutator = ent.MutateFunc(func(_ context.Context, m ent.Mutation) (ent.Value, error) {
				calls = append(calls, "save")
				seen, _ = m.Field("at")
				return nil, nil
			})
			for i := len(hooks) - 1; i >= 0; i-- {
				mut = hooks[i](mut)
			}
			m := &mutation{fields: fields{names: []string{"at"}, values: map[string]ent.Value{"at": time.Unix(0, 1234567)}}}
			if _, err := mut.Mutate(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(calls, []string{"schema", "save"}) || !seen.(time.Time).Equal(time.Unix(0, 1234000)) {
				t.Errorf("calls %v, saved %v", calls, seen)
			}
		})
	}
}

// mutation is an ent.Mutation whose fields are a map (the rest is unused).
type mutation struct {
	ent.Mutation
	fields
}

func (m *mutation) Fields() []string                        { return m.fields.Fields() }
func (m *mutation) Field(name string) (ent.Value, bool)     { return m.fields.Field(name) }
func (m *mutation) SetField(name string, v ent.Value) error { return m.fields.SetField(name, v) }
