package resource

import (
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// The converters below turn the runtime's canonical values (int64, uint64,
// float64, string, bool, time.Time, []byte, produced by Coerce) into a
// field's Go type. Generated Mutation.Set and Ops.ParseID call them, so a
// value that does not fit (an overflow, a fraction for an integer) is an
// Invalid error rather than a silent truncation.

// Int converts an integer value to the integer type T, checking its range.
func Int[T ~int | ~int8 | ~int16 | ~int32 | ~int64](v any) (T, error) {
	var i int64
	switch x := v.(type) {
	case int64:
		i = x
	case int:
		i = int64(x)
	case uint64:
		if x > math.MaxInt64 {
			return 0, rangeError(v)
		}
		i = int64(x)
	case float64:
		if x != math.Trunc(x) || x < math.MinInt64 || x > math.MaxInt64 {
			return 0, rangeError(v)
		}
		i = int64(x)
	default:
		return 0, typeError("an integer", v)
	}
	if int64(T(i)) != i {
		return 0, rangeError(v)
	}
	return T(i), nil
}

// Uint converts a non-negative integer value to the unsigned type T.
func Uint[T ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64](v any) (T, error) {
	var u uint64
	switch x := v.(type) {
	case uint64:
		u = x
	case int64:
		if x < 0 {
			return 0, rangeError(v)
		}
		u = uint64(x)
	case int:
		if x < 0 {
			return 0, rangeError(v)
		}
		u = uint64(x)
	case float64:
		if x != math.Trunc(x) || x < 0 || x > math.MaxUint64 {
			return 0, rangeError(v)
		}
		u = uint64(x)
	default:
		return 0, typeError("an unsigned integer", v)
	}
	if uint64(T(u)) != u {
		return 0, rangeError(v)
	}
	return T(u), nil
}

// Float converts a number to the float type T.
func Float[T ~float32 | ~float64](v any) (T, error) {
	switch x := v.(type) {
	case float64:
		return T(x), nil
	case int64:
		return T(x), nil
	case int:
		return T(x), nil
	case uint64:
		return T(x), nil
	}
	return 0, typeError("a number", v)
}

// Str converts a string to the string type T (strings and enums).
//
// A string type may be stored as something else, through its own Scan and
// Value (Ent's sid.ID: digits in Go, an integer column). A value read from
// its column is then converted by Scan, and a string it cannot store
// ("abc") is refused here, as the request's error, rather than by the
// database driver when the query runs (a 500).
func Str[T ~string](v any) (T, error) {
	s, ok := v.(string)
	if !ok {
		var t T
		if sc, isScanner := any(&t).(sql.Scanner); isScanner && v != nil {
			if guard(func() error { return sc.Scan(driverValue(v)) }) == nil {
				return t, nil
			}
		}
		return "", typeError("a string", v)
	}
	t := T(s)
	if vr, isValuer := any(t).(driver.Valuer); isValuer {
		if err := guard(func() error { _, err := vr.Value(); return err }); err != nil {
			return "", &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue),
				Detail: fmt.Sprintf("%q is not a valid value: %v", s, err)}
		}
	}
	return t, nil
}

// Bool converts a boolean to the bool type T.
func Bool[T ~bool](v any) (T, error) {
	if b, ok := v.(bool); ok {
		return T(b), nil
	}
	return false, typeError("a boolean", v)
}

// Time converts a time value.
func Time(v any) (time.Time, error) {
	if t, ok := v.(time.Time); ok {
		return t, nil
	}
	return time.Time{}, typeError("a date-time", v)
}

// Bytes converts a byte slice.
func Bytes(v any) ([]byte, error) {
	if b, ok := v.([]byte); ok {
		return b, nil
	}
	return nil, typeError("bytes", v)
}

// UUID parses a UUID in its canonical text form into T (for example
// github.com/google/uuid.UUID).
func UUID[T ~[16]byte](v any) (T, error) {
	var u T
	s, ok := v.(string)
	if !ok {
		if b, isT := v.(T); isT {
			return b, nil
		}
		return u, typeError("a UUID string", v)
	}
	h := strings.ReplaceAll(s, "-", "")
	if len(h) != 32 || (len(s) != 32 && len(s) != 36) {
		return u, &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue), Detail: fmt.Sprintf("%q is not a UUID", s)}
	}
	if _, err := hex.Decode(u[:], []byte(h)); err != nil {
		return u, &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue), Detail: fmt.Sprintf("%q is not a UUID", s)}
	}
	return u, nil
}

// AppendText appends a value that marshals itself as text (UUIDs) as a JSON string.
func AppendText(dst []byte, v encoding.TextMarshaler) []byte {
	b, err := v.MarshalText()
	if err != nil {
		return append(dst, "null"...)
	}
	return AppendString(dst, string(b))
}

func typeError(want string, v any) *Error {
	return &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue), Detail: fmt.Sprintf("expected %s, got %s", want, describe(v))}
}

func rangeError(v any) *Error {
	return &Error{Kind: Invalid, Code: CodeInvalidValue, Title: Title(CodeInvalidValue), Detail: fmt.Sprintf("%v is out of range", v)}
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return fmt.Sprintf("the string %q", x)
	case bool:
		return fmt.Sprintf("the boolean %v", x)
	case int64, int, uint64, float64, json.Number:
		return fmt.Sprintf("the number %v", x)
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
