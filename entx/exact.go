package entx

import (
	"reflect"

	"entgo.io/ent/dialect"
	"entgo.io/ent/entc/gen"
	"entgo.io/ent/schema/field"
)

// postgresExact reports whether every column of n stores on PostgreSQL
// the Go value Ent writes, so that the row Ent returns from a create is
// the row a read would load (resource.Model PostgresExact): the APIs then
// answer a create with it instead of reading the row back. Times qualify
// because the generated create truncates them to microseconds before the
// INSERT (resource.MicrosecondTimes). A default only the database applies
// is another matter (dbDefaults).
func postgresExact(n *gen.Type) bool {
	if n.IsView() {
		return false
	}
	if n.ID != nil && !n.HasCompositeID() && !exactOnPostgres(n.ID) {
		return false
	}
	for _, f := range n.Fields {
		if !exactOnPostgres(f) {
			return false
		}
	}
	return true
}

// exactOnPostgres reports whether the PostgreSQL column of f, as Ent's
// migration declares it, stores every value of f's Go type that Ent may
// write as it is (a value it cannot store fails the INSERT, which is no
// answer either). It is conservative: a field it is not sure of is read
// back, which costs a query and is never wrong.
func exactOnPostgres(f *gen.Field) bool {
	if f.Type == nil {
		return false
	}
	// A column type of the schema's own for PostgreSQL may round or
	// reformat anything: numeric(10,2) rounds a float, date drops the time,
	// char(n) pads a string, varchar(n) of a time is text.
	if _, ok := f.Column().SchemaType[dialect.Postgres]; ok {
		return false
	}
	// An external ValueScanner turns the value into what it likes, and
	// back again: nothing says the two agree.
	if f.HasValueScanner() {
		return false
	}
	rt := f.Type.RType
	switch f.Type.Type {
	case field.TypeBool, field.TypeInt, field.TypeInt8, field.TypeInt16, field.TypeInt32, field.TypeInt64,
		field.TypeUint, field.TypeUint8, field.TypeUint16, field.TypeUint32, field.TypeUint64,
		field.TypeString, field.TypeEnum, field.TypeBytes:
		// boolean, smallint/integer/bigint, varchar/text and bytea hold
		// their Go values exactly (a uint64 beyond bigint fails). A custom
		// Go type of the same kind is stored as that kind by database/sql,
		// unless it is a driver.Valuer, whose Value may say anything.
		return rt == nil || !f.Type.Valuer()
	case field.TypeFloat32, field.TypeFloat64:
		// real and double precision are IEEE 754 like float32 and
		// float64: pgx sends and reads them in binary, bit for bit.
		return rt == nil || !f.Type.Valuer()
	case field.TypeTime:
		// timestamptz keeps microseconds: exact once the create truncates
		// the value the way pgx does (resource.MicrosecondTimes). A custom
		// Go type (sql.NullTime, a Valuer of its own) is not truncated.
		return rt == nil
	case field.TypeUUID:
		// uuid holds the 16 bytes of a UUID type such as github.com/google/
		// uuid's ([16]byte, written and read as its canonical text).
		return rt != nil && rt.Kind == reflect.Array
	}
	// JSON (jsonb reorders keys and drops whitespace and duplicate keys)
	// and Other (a SchemaType of its own) are read back.
	return false
}

// createTimes reports whether a create of n truncates its times to
// microseconds on PostgreSQL (resource.MicrosecondTimes): n is
// postgresExact, has a time field, and no default only the database
// applies (its creates are read back all the same: dbDefaults).
func createTimes(n *gen.Type) (bool, error) {
	if !postgresExact(n) {
		return false, nil
	}
	if db, err := dbDefaults(n); db || err != nil {
		return false, err
	}
	for _, f := range n.Fields {
		if f.Type != nil && f.Type.Type == field.TypeTime {
			return true, nil
		}
	}
	return false, nil
}
