package resource

import (
	"bytes"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"entgo.io/ent/schema/field"
)

// The converters below serve fields whose Go type is not the one Ent
// stores (GoType, Other, external ValueScanners, JSON): entx picks one per
// field at generate time, and the generated metadata carries it as
// Field.Conv. Values go in as the runtime's canonical values (see Coerce)
// and come out typed, the way Ent's generated setters take them.

// Conv adapts a typed converter to Field.Conv.
func Conv[T any](fn func(any) (T, error)) func(any) (any, error) {
	return func(v any) (any, error) {
		x, err := fn(v)
		if err != nil {
			return nil, err
		}
		return x, nil
	}
}

// Scan converts a canonical value to E through its sql.Scanner, as the
// database driver would hand it over (sql.NullString, a struct UUID, an
// integer-backed string id…).
func Scan[E any, P interface {
	*E
	sql.Scanner
}](v any) (E, error) {
	var e E
	if err := guard(func() error { return P(&e).Scan(driverValue(v)) }); err != nil {
		return e, &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue),
			Detail: fmt.Sprintf("%s is not a valid value: %v", describe(v), err)}
	}
	return e, nil
}

// guard runs a schema's own conversion code (a Scan method, a
// ValueScanner), written for the values its database holds, on a value
// from a request: a panic there (a Scan that indexes a split string
// without checking its length) says the value is not one of the type's,
// so it is returned as an error, not left to kill the request.
func guard(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rejected by the type's scanner (%v)", r)
		}
	}()
	return fn()
}

// ScanPtr is Scan for a field whose Go type is a pointer (*sql.NullTime).
func ScanPtr[E any, P interface {
	*E
	sql.Scanner
}](v any) (P, error) {
	e, err := Scan[E, P](v)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// FromValue converts a canonical value with a field's external
// ValueScanner (field.ValueScanner in the schema).
func FromValue[T any](vs field.TypeValueScanner[T]) func(any) (T, error) {
	return func(v any) (T, error) {
		var zero T
		sv := vs.ScanValue()
		if err := guard(func() error { return sv.Scan(driverValue(v)) }); err != nil {
			return zero, typeError("a valid value", v)
		}
		var x T
		err := guard(func() (err error) { x, err = vs.FromValue(sv); return err })
		if err != nil {
			return zero, &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue),
				Detail: fmt.Sprintf("%s is not a valid value: %v", describe(v), err)}
		}
		return x, nil
	}
}

// BytesAs converts bytes to a byte-slice type (net.IP, json.RawMessage…).
func BytesAs[T ~[]byte](v any) (T, error) {
	b, err := Bytes(v)
	return T(b), err
}

// JSON converts a value decoded from JSON (maps, slices, json.Number…) to
// the Go type of a JSON field by encoding it again and decoding it into T.
// A value of another shape is Invalid, with encoding/json's reason.
func JSON[T any](v any) (T, error) {
	var x T
	b, err := json.Marshal(v)
	if err != nil {
		return x, typeError("a JSON value", v)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&x); err != nil {
		msg := err.Error()
		if te, ok := err.(*json.UnmarshalTypeError); ok {
			msg = "expected " + te.Type.String()
			if te.Field != "" {
				msg += " at " + te.Field
			}
			msg += ", got a JSON " + te.Value
		}
		return x, &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue), Detail: "invalid JSON value: " + msg}
	}
	return x, nil
}

// driverValue turns a canonical value into the value a database driver
// would scan: integers are int64.
func driverValue(v any) any {
	switch x := v.(type) {
	case uint64:
		if x <= math.MaxInt64 {
			return int64(x)
		}
		return strconv.FormatUint(x, 10)
	case int:
		return int64(x)
	case json.Number:
		if i, err := x.Int64(); err == nil {
			return i
		}
		if f, err := x.Float64(); err == nil {
			return f
		}
		return string(x)
	}
	return v
}

// AppendValuer appends the JSON value of a field whose Go type stores
// itself through driver.Valuer, as the value it writes to the database,
// shaped by the field's kind (a NULL is null).
func AppendValuer(dst []byte, k Kind, v driver.Valuer) []byte {
	x, err := v.Value()
	if err != nil {
		return append(dst, "null"...)
	}
	return AppendDriverValue(dst, k, x)
}

// AppendValueScanner appends the JSON value of a field with an external
// ValueScanner.
func AppendValueScanner[T any](dst []byte, k Kind, vs field.TypeValueScanner[T], v T) []byte {
	x, err := vs.Value(v)
	if err != nil {
		return append(dst, "null"...)
	}
	return AppendDriverValue(dst, k, x)
}

// AppendDriverValue appends a database value (int64, float64, bool,
// []byte, string, time.Time or nil) as the JSON value of kind k: bytes are
// base64 for KindBytes and text otherwise, numbers stay numbers.
func AppendDriverValue(dst []byte, k Kind, x any) []byte {
	switch v := x.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		if k == KindInt || k == KindUint {
			if v {
				return append(dst, '1')
			}
			return append(dst, '0')
		}
		return AppendBool(dst, v)
	case int64:
		switch k {
		case KindBool:
			return AppendBool(dst, v != 0)
		case KindString, KindEnum, KindUUID:
			return AppendString(dst, strconv.FormatInt(v, 10))
		}
		return AppendInt(dst, v)
	case float64:
		if k == KindString || k == KindEnum {
			return AppendString(dst, strconv.FormatFloat(v, 'g', -1, 64))
		}
		return AppendFloat(dst, v)
	case time.Time:
		return AppendTime(dst, v)
	case []byte:
		if k == KindBytes {
			return AppendBytes(dst, v)
		}
		return appendText(dst, k, string(v))
	case string:
		if k == KindBytes {
			return AppendBytes(dst, []byte(v))
		}
		return appendText(dst, k, v)
	}
	return AppendAny(dst, x)
}

// appendText appends text a driver value carries: a number for numeric
// kinds when it is one (a big integer stored as text), a string otherwise.
func appendText(dst []byte, k Kind, s string) []byte {
	if k.Numeric() && json.Valid([]byte(s)) {
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return append(dst, s...)
		}
	}
	return AppendString(dst, s)
}
