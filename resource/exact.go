package resource

import (
	"context"
	"time"

	"entgo.io/ent"
	"entgo.io/ent/dialect"
)

// MicrosecondTimes returns the hooks of a create builder with, on
// PostgreSQL (the dialect of the builder's driver), a last one that
// truncates the times the create writes to microseconds (TruncateTimes).
// Generated code calls it for the models that are PostgresExact and have
// time fields: the row Ent returns then holds what the database stores,
// and answers the create without a read-back.
//
// The hook runs last, after the schema's hooks and the access policy and
// just before the INSERT, so that it sees every time set on the create,
// the ones Ent's own defaults filled in (Default(time.Now), applied before
// any hook) included. It changes nothing that PostgreSQL would store: pgx
// sends a timestamptz in binary as whole microseconds, truncating (the
// Unix seconds times a million plus the nanoseconds divided by 1000), as
// time.Time.Truncate does. A driver that sends text lets PostgreSQL round
// instead; the value stored is then the truncated one, exact all the same.
// Other databases keep their hooks as they are.
func MicrosecondTimes(dialectName string, hooks []ent.Hook) []ent.Hook {
	if dialectName != dialect.Postgres {
		return hooks
	}
	return append(hooks[:len(hooks):len(hooks)], truncateTimesHook)
}

// truncateTimesHook is the hook of MicrosecondTimes.
func truncateTimesHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		if err := TruncateTimes(m); err != nil {
			return nil, err
		}
		return next.Mutate(ctx, m)
	})
}

// FieldSetter is the part of an Ent mutation that TruncateTimes uses.
type FieldSetter interface {
	Fields() []string
	Field(name string) (ent.Value, bool)
	SetField(name string, v ent.Value) error
}

// TruncateTimes truncates to whole microseconds every time.Time value set
// on m, keeping its location (the JSON of a time is written in UTC, and
// the access policies compare instants). Other values are left alone.
func TruncateTimes(m FieldSetter) error {
	for _, name := range m.Fields() {
		v, _ := m.Field(name)
		t, ok := v.(time.Time)
		if !ok || t.Nanosecond()%1000 == 0 {
			continue
		}
		if err := m.SetField(name, t.Truncate(time.Microsecond)); err != nil {
			return err
		}
	}
	return nil
}
