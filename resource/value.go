package resource

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The runtime's canonical values, by kind: string (string, enum, uuid),
// bool, int64, uint64, float64, time.Time, []byte; nil is NULL. Parse and
// Coerce produce them from URL text and from decoded JSON; the generated
// code converts them to each field's Go type.

// Parse converts text from a URL (a JSON:API filter value, a path id) to the
// canonical value of the field. "null" is NULL for nillable fields.
func Parse(f *Field, s string) (any, error) {
	if s == "null" && f.Nillable() {
		return nil, nil
	}
	switch f.Kind() {
	case KindString, KindUUID:
		return s, nil
	case KindEnum:
		return enumValue(f, s)
	case KindBool:
		b, err := strconv.ParseBool(s)
		if err != nil || (s != "true" && s != "false") {
			return nil, invalidValue(f, "a boolean (true or false)", s)
		}
		return b, nil
	case KindInt:
		i, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, invalidValue(f, "an integer", s)
		}
		return i, nil
	case KindUint:
		u, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, invalidValue(f, "a non-negative integer", s)
		}
		return u, nil
	case KindFloat:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			// NaN and ±Inf parse, but are no numbers a client means, and
			// MySQL refuses them in SQL.
			return nil, invalidValue(f, "a finite number", s)
		}
		return x, nil
	case KindTime:
		return parseTime(f, s)
	case KindBytes:
		if b, ok := decodeBase64(s); ok {
			return b, nil
		}
		return nil, invalidValue(f, "base64 bytes", s)
	case KindComposite:
		return parseKey(f.Model(), s)
	case KindOther:
		if f.Conv() != nil {
			// The wire form of an Other type is whatever its Valuer
			// writes: read the text as the scalar it looks like.
			v, err := f.Conv()(scalarOf(s))
			if err != nil {
				return nil, invalidValue(f, "a valid value", s)
			}
			return v, nil
		}
	}
	return nil, Errorf(Invalid, CodeInvalidValue, "field %q (%s) cannot be compared with a value", f.Name(), f.Kind())
}

// Coerce converts a value decoded from JSON (with json.Decoder.UseNumber, so
// numbers are json.Number; superjson may already have made time.Time and
// []byte) to the canonical value of the field.
func Coerce(f *Field, v any) (any, error) {
	if v == nil {
		if !f.Nillable() && f.Index() >= 0 {
			return nil, Errorf(Invalid, CodeInvalidValue, "field %q cannot be null", f.Name())
		}
		return nil, nil
	}
	switch f.Kind() {
	case KindString, KindUUID:
		if s, ok := v.(string); ok {
			return s, nil
		}
		return nil, invalidJSON(f, "a string", v)
	case KindEnum:
		s, ok := v.(string)
		if !ok {
			return nil, invalidJSON(f, "one of "+strings.Join(f.Enum(), ", "), v)
		}
		return enumValue(f, s)
	case KindBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
		return nil, invalidJSON(f, "a boolean", v)
	case KindInt, KindUint, KindFloat:
		return coerceNumber(f, v)
	case KindTime:
		switch x := v.(type) {
		case time.Time:
			return x, nil
		case string:
			return parseTime(f, x)
		}
		return nil, invalidJSON(f, "an RFC 3339 date-time string", v)
	case KindBytes:
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			if b, ok := decodeBase64(x); ok {
				return b, nil
			}
			return nil, invalidJSON(f, "base64 bytes", v)
		}
		return nil, invalidJSON(f, "base64 bytes", v)
	}
	return v, nil
}

// scalarOf reads URL text as the JSON scalar it looks like: an integer, a
// number, a boolean or else a string.
func scalarOf(s string) any {
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	if x, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) {
		return x
	}
	if s == "true" || s == "false" {
		return s == "true"
	}
	return s
}

// decodeBase64 decodes standard or URL-safe base64, padded or not (ids
// are written URL-safe, attribute values standard).
func decodeBase64(s string) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			return b, true
		}
	}
	return nil, false
}

func coerceNumber(f *Field, v any) (any, error) {
	var n json.Number
	switch x := v.(type) {
	case json.Number:
		n = x
	case float64:
		n = json.Number(strconv.FormatFloat(x, 'g', -1, 64))
	case int64:
		n = json.Number(strconv.FormatInt(x, 10))
	case int:
		n = json.Number(strconv.Itoa(x))
	case *big.Int:
		n = json.Number(x.String())
	default:
		want := "a number"
		if f.Kind() != KindFloat {
			want = "an integer"
		}
		return nil, invalidJSON(f, want, v)
	}
	switch f.Kind() {
	case KindInt:
		if i, err := strconv.ParseInt(string(n), 10, 64); err == nil {
			return i, nil
		}
		// 1e3 or 2.0 are integers written as floats.
		if x, err := strconv.ParseFloat(string(n), 64); err == nil && x == float64(int64(x)) {
			return int64(x), nil
		}
		if tooBig(n) {
			return nil, Errorf(Invalid, CodeInvalidValue, "%s is out of range for %s (a 64-bit integer)", n, f.Name())
		}
		return nil, invalidJSON(f, "an integer", v)
	case KindUint:
		if u, err := strconv.ParseUint(string(n), 10, 64); err == nil {
			return u, nil
		}
		if tooBig(n) && !strings.HasPrefix(string(n), "-") {
			return nil, Errorf(Invalid, CodeInvalidValue, "%s is out of range for %s (a 64-bit unsigned integer)", n, f.Name())
		}
		return nil, invalidJSON(f, "a non-negative integer", v)
	}
	x, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return nil, invalidJSON(f, "a number", v)
	}
	return x, nil
}

// tooBig reports whether n is an integer, written with or without an
// exponent, too large for 64 bits (the client sent a valid integer: the
// error says so rather than that it is none).
func tooBig(n json.Number) bool {
	if _, err := strconv.ParseInt(string(n), 10, 64); errors.Is(err, strconv.ErrRange) {
		return true
	}
	x, err := strconv.ParseFloat(string(n), 64)
	return err == nil && x == math.Trunc(x) && math.Abs(x) >= 1<<63
}

func enumValue(f *Field, s string) (any, error) {
	if slices.Contains(f.Enum(), s) {
		return s, nil
	}
	return nil, Errorf(Invalid, CodeInvalidValue, "%q is not a value of %s (one of %s)", s, f.Name(), strings.Join(f.Enum(), ", "))
}

func parseTime(f *Field, s string) (any, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			// UTC, as stored: SQLite compares times as text, so
			// 11:00+02:00 would not equal the stored 09:00+00:00.
			return t.UTC(), nil
		}
	}
	return nil, invalidValue(f, "an RFC 3339 date-time (2006-01-02T15:04:05Z)", s)
}

func invalidValue(f *Field, want, got string) *Error {
	return Errorf(Invalid, CodeInvalidValue, "%q is not a valid value for %s: expected %s", got, f.Name(), want)
}

func invalidJSON(f *Field, want string, got any) *Error {
	return Errorf(Invalid, CodeInvalidValue, "invalid value for %s: expected %s, got %s", f.Name(), want, describe(got))
}

// ParseID parses an id from a URL or a JSON:API identifier (ids are strings
// there) into the Go type of the model's id.
func ParseID(m *Model, s string) (any, error) {
	if m.Composite() {
		return parseKey(m, s)
	}
	v, err := Parse(m.ID(), s)
	if err != nil {
		return nil, Errorf(Invalid, CodeInvalidValue, "%q is not a valid %s id", s, m.Type())
	}
	id, err := m.ID().Conv()(v)
	if err != nil {
		return nil, Errorf(Invalid, CodeInvalidValue, "%q is not a valid %s id", s, m.Type())
	}
	return id, nil
}
