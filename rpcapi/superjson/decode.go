package superjson

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Decimal is a decimal number revived from a superjson ["custom","Decimal"]
// value (decimal.js / Prisma.Decimal). It holds the validated decimal text
// as sent, e.g. "3.14", "1e+21" or "-1e-7"; Rat converts it exactly.
type Decimal string

// Rat returns the exact value of d.
func (d Decimal) Rat() *big.Rat {
	r, ok := new(big.Rat).SetString(string(d))
	if !ok {
		return nil
	}
	return r
}

// NullSentinel is a ZenStack v3 JSON-null sentinel sent as a superjson
// custom value (["custom","DbNull"|"JsonNull"|"AnyNull"]).
type NullSentinel string

// ZenStack JSON-null sentinels.
const (
	DbNull   NullSentinel = "DbNull"
	JSONNull NullSentinel = "JsonNull"
	AnyNull  NullSentinel = "AnyNull"
)

// MetaError reports a superjson meta that cannot be applied. Path is the
// decoded path (segments joined with "."), empty for the root or when the
// meta itself is malformed.
type MetaError struct {
	Path       string
	Annotation string // the annotation as JSON, if known
	Err        error
}

func (e *MetaError) Error() string {
	var b strings.Builder
	b.WriteString("superjson meta")
	if e.Path != "" || e.Annotation != "" {
		b.WriteString(": at ")
		if e.Path == "" {
			b.WriteString("root")
		} else {
			b.WriteString(strconv.Quote(e.Path))
		}
	}
	if e.Annotation != "" {
		b.WriteString(" (")
		b.WriteString(e.Annotation)
		b.WriteString(")")
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// ErrUnsupportedAnnotation is wrapped by errors for annotations this server
// does not accept (regexp, set, map, Error, URL, class, symbol, unknown
// custom or typed-array types, NaN/Infinity numbers).
var ErrUnsupportedAnnotation = errors.New("unsupported superjson annotation")

type unsupportedError struct{ msg string }

func (e unsupportedError) Error() string { return e.msg }
func (e unsupportedError) Unwrap() error { return ErrUnsupportedAnnotation }

// Unwrap returns the underlying error; errors.Is(err,
// ErrUnsupportedAnnotation) tells unsupported types from malformed input.
func (e *MetaError) Unwrap() error { return e.Err }

// DecodeMeta applies a superjson meta object (the value ZenStack clients
// send as meta.serialization: {"values": <tree>, "referentialEqualities"?:
// ..., "v"?: 1}) to v, a value decoded by encoding/json into any (maps,
// slices, strings, bools, nil and numbers as json.Number or float64). It
// returns the resulting value: maps and slices are changed in place, but the
// root itself may be replaced (a root "Date"), so always use the result.
//
// Paths use the current escaping ("\\" and "\.") when "v" >= 1 and the
// legacy rules (only "\." is an escape) when "v" is absent, as superjson
// does. An empty, null or {} meta leaves v unchanged.
//
// Revived values:
//
//	"Date"                          time.Time (UTC), from the ISO-8601 string
//	"bigint"                        int64; values outside int64 are an error
//	["custom","Decimal"]            Decimal (validated decimal text)
//	["custom","Bytes"]              []byte, from base64
//	["typed-array","Uint8Array"]    []byte, from an array of numbers 0..255
//	                                (also "Buffer" and "Uint8ClampedArray")
//	["custom","DbNull"|"JsonNull"|"AnyNull"]  NullSentinel
//	"undefined"                     the object member is deleted; an array
//	                                element becomes nil (indices must not shift)
//	"number"                        "-0" becomes json.Number("-0"); NaN and
//	                                ±Infinity are rejected
//
// Every other annotation (regexp, set, map, Error, URL, class, symbol, other
// custom or typed-array types) is rejected with a *MetaError naming the path
// and wrapping ErrUnsupportedAnnotation. referentialEqualities are ignored:
// clients serialize with dedupe off, so every path already carries its own
// value and annotations.
//
// On error the returned value is v, which may have been partly converted.
func DecodeMeta(raw json.RawMessage, v any) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return v, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var meta struct {
		Values json.RawMessage `json:"values"`
		V      *json.Number    `json:"v"`
	}
	if err := dec.Decode(&meta); err != nil {
		return v, &MetaError{Err: errors.New("invalid meta: " + err.Error())}
	}
	legacy := true
	if meta.V != nil {
		f, err := meta.V.Float64()
		if err != nil {
			return v, &MetaError{Err: errors.New("invalid meta version " + string(*meta.V))}
		}
		legacy = f < 1
	}
	if len(meta.Values) == 0 || bytes.Equal(meta.Values, []byte("null")) {
		return v, nil
	}
	var tree any
	dec = json.NewDecoder(bytes.NewReader(meta.Values))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return v, &MetaError{Err: errors.New("invalid meta values: " + err.Error())}
	}
	d := decoder{legacy: legacy, root: v}
	if err := d.traverse(tree, nil); err != nil {
		return v, err
	}
	return d.root, nil
}

// Unmarshal decodes JSON data (numbers as json.Number) and applies the
// superjson meta to it: the request-side counterpart of
// SuperJSON.deserialize({json, meta}).
func Unmarshal(data []byte, meta json.RawMessage) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: data after the top-level value")
	}
	return DecodeMeta(meta, v)
}

type decoder struct {
	legacy bool
	root   any
}

// traverse mirrors superjson's plainer.traverse: an object maps escaped
// paths to subtrees; an array is [annotation, children?], children applied
// before the annotation of their container.
func (d *decoder) traverse(tree any, origin []string) error {
	switch t := tree.(type) {
	case map[string]any:
		// Sorted, so that crafted overlapping paths fail or succeed the same
		// way every time (superjson itself never writes overlapping keys).
		keys := make([]string, 0, len(t))
		for key := range t {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			sub := t[key]
			segs, err := parsePath(key, d.legacy)
			if err != nil {
				return &MetaError{Path: joinPath(origin), Err: fmt.Errorf("invalid path %q: %v", key, err)}
			}
			if err := d.traverse(sub, append(origin[:len(origin):len(origin)], segs...)); err != nil {
				return err
			}
		}
		return nil
	case []any:
		if len(t) == 0 || len(t) > 2 {
			return &MetaError{Path: joinPath(origin), Err: errors.New("invalid annotation tree node (want [annotation] or [annotation, children])")}
		}
		if len(t) == 2 && t[1] != nil {
			children, ok := t[1].(map[string]any)
			if !ok {
				return &MetaError{Path: joinPath(origin), Err: errors.New("invalid annotation children (want an object)")}
			}
			if err := d.traverse(children, origin); err != nil {
				return err
			}
		}
		return d.apply(origin, t[0])
	case nil:
		return nil
	default:
		return &MetaError{Path: joinPath(origin), Err: fmt.Errorf("invalid annotation tree node of type %T", tree)}
	}
}

// apply revives the value at path according to annotation ann.
func (d *decoder) apply(path []string, ann any) error {
	err := d.applyAt(path, ann)
	if d.legacy && len(path) > 1 && errors.Is(err, errNoPath) {
		// superjson < 2.2.3 did not escape the last segment of a path, so
		// "a.b" may also mean the member "a.b": retry with the trailing
		// segments joined back together.
		for k := len(path) - 2; k >= 0; k-- {
			alt := append(path[:k:k], strings.Join(path[k:], "."))
			if d.applyAt(alt, ann) == nil {
				return nil
			}
		}
	}
	return err
}

var errNoPath = errors.New("no value at this path")

func (d *decoder) applyAt(path []string, ann any) error {
	if len(path) == 0 {
		nv, del, err := revive(d.root, ann)
		if err != nil {
			return metaErr(path, ann, err)
		}
		if del {
			nv = nil
		}
		d.root = nv
		return nil
	}
	parent, err := d.walk(path[:len(path)-1], ann)
	if err != nil {
		return err
	}
	last := path[len(path)-1]
	switch p := parent.(type) {
	case map[string]any:
		cur, ok := p[last]
		if !ok {
			if isUndefined(ann) {
				return nil // nothing to delete
			}
			return metaErr(path, ann, errNoPath)
		}
		nv, del, err := revive(cur, ann)
		if err != nil {
			return metaErr(path, ann, err)
		}
		if del {
			delete(p, last)
		} else {
			p[last] = nv
		}
		return nil
	case []any:
		i, err := index(last, len(p))
		if err != nil {
			return metaErr(path, ann, err)
		}
		nv, del, err := revive(p[i], ann)
		if err != nil {
			return metaErr(path, ann, err)
		}
		if del {
			nv = nil
		}
		p[i] = nv
		return nil
	default:
		return metaErr(path, ann, fmt.Errorf("%w (parent is %s)", errNoPath, kind(parent)))
	}
}

// walk returns the container at path (all but the last segment).
func (d *decoder) walk(path []string, ann any) (any, error) {
	cur := d.root
	for i, seg := range path {
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[seg]
			if !ok {
				return nil, metaErr(path[:i+1], ann, errNoPath)
			}
			cur = next
		case []any:
			j, err := index(seg, len(c))
			if err != nil {
				return nil, metaErr(path[:i+1], ann, fmt.Errorf("%w: %v", errNoPath, err))
			}
			cur = c[j]
		default:
			return nil, metaErr(path[:i+1], ann, fmt.Errorf("%w (cannot descend into %s)", errNoPath, kind(cur)))
		}
	}
	return cur, nil
}

func index(seg string, n int) (int, error) {
	i, err := strconv.Atoi(seg)
	if err != nil || i < 0 || (len(seg) > 1 && seg[0] == '0') || seg[0] == '+' {
		return 0, fmt.Errorf("invalid array index %q", seg)
	}
	if i >= n {
		return 0, fmt.Errorf("array index %d out of range (length %d)", i, n)
	}
	return i, nil
}

func isUndefined(ann any) bool { s, ok := ann.(string); return ok && s == "undefined" }

// revive converts one JSON value according to annotation ann. del reports
// that the value is undefined and its member should be removed.
func revive(v any, ann any) (out any, del bool, err error) {
	switch a := ann.(type) {
	case string:
		switch a {
		case "Date":
			s, ok := v.(string)
			if !ok {
				return nil, false, fmt.Errorf("Date value must be a string, got %s", kind(v))
			}
			t, err := parseJSDate(s)
			if err != nil {
				return nil, false, fmt.Errorf("invalid Date %q", s)
			}
			return t, false, nil
		case "bigint":
			s, err := numberText(v)
			if err != nil {
				return nil, false, fmt.Errorf("bigint value: %v", err)
			}
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
					return nil, false, fmt.Errorf("bigint %s does not fit in 64 bits", s)
				}
				return nil, false, fmt.Errorf("invalid bigint %q", s)
			}
			return n, false, nil
		case "undefined":
			return nil, true, nil
		case "number":
			s, ok := v.(string)
			if !ok {
				return nil, false, fmt.Errorf("number value must be a string, got %s", kind(v))
			}
			switch s {
			case "-0":
				return json.Number("-0"), false, nil
			case "NaN", "Infinity", "-Infinity":
				return nil, false, unsupportedError{"unsupported number " + s + " (NaN and Infinity cannot be stored)"}
			}
			return nil, false, fmt.Errorf("invalid number %q", s)
		case "regexp", "set", "map", "Error", "URL":
			return nil, false, unsupportedError{"unsupported annotation " + strconv.Quote(a)}
		}
		return nil, false, unsupportedError{"unsupported (unknown) annotation " + strconv.Quote(a)}
	case []any:
		if len(a) != 2 {
			return nil, false, errors.New("invalid composite annotation (want [kind, name])")
		}
		k, _ := a[0].(string)
		name, ok := a[1].(string)
		if !ok {
			return nil, false, errors.New("invalid composite annotation (name must be a string)")
		}
		switch k {
		case "custom":
			return reviveCustom(v, name)
		case "typed-array":
			switch name {
			case "Uint8Array", "Buffer", "Uint8ClampedArray":
				b, err := byteArray(v)
				return b, false, err
			}
			return nil, false, unsupportedError{"unsupported typed array " + strconv.Quote(name)}
		case "class", "symbol":
			return nil, false, unsupportedError{"unsupported annotation " + strconv.Quote(k) + " " + strconv.Quote(name)}
		}
		return nil, false, unsupportedError{"unsupported (unknown) annotation kind " + strconv.Quote(k)}
	}
	return nil, false, fmt.Errorf("invalid annotation of type %s", kind(ann))
}

func reviveCustom(v any, name string) (any, bool, error) {
	switch name {
	case "Decimal":
		s, err := numberText(v)
		if err != nil {
			return nil, false, fmt.Errorf("Decimal value: %v", err)
		}
		if !validDecimal(s) {
			return nil, false, fmt.Errorf("invalid Decimal %q", s)
		}
		return Decimal(s), false, nil
	case "Bytes":
		s, ok := v.(string)
		if !ok {
			return nil, false, fmt.Errorf("Bytes value must be a base64 string, got %s", kind(v))
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			b, err = base64.RawStdEncoding.DecodeString(s)
		}
		if err != nil {
			return nil, false, fmt.Errorf("invalid base64 in Bytes value")
		}
		return b, false, nil
	case "DbNull", "JsonNull", "AnyNull":
		return NullSentinel(name), false, nil
	}
	return nil, false, unsupportedError{"unsupported custom type " + strconv.Quote(name)}
}

// numberText accepts the string superjson sends (and, leniently, a JSON
// number) and returns its text.
func numberText(v any) (string, error) {
	switch n := v.(type) {
	case string:
		return n, nil
	case json.Number:
		return string(n), nil
	case float64:
		if math.IsNaN(n) || math.IsInf(n, 0) {
			return "", errors.New("not a finite number")
		}
		return strconv.FormatFloat(n, 'g', -1, 64), nil
	}
	return "", fmt.Errorf("want a string, got %s", kind(v))
}

// validDecimal accepts decimal.js output: [-]digits[.digits][e[+-]digits].
func validDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 || exp > 9 {
			return false
		}
	}
	return i == len(s)
}

func byteArray(v any) ([]byte, error) {
	arr, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("typed array value must be an array of numbers, got %s", kind(v))
	}
	b := make([]byte, len(arr))
	for i, e := range arr {
		var n int64
		switch x := e.(type) {
		case json.Number:
			var err error
			if n, err = x.Int64(); err != nil {
				return nil, fmt.Errorf("typed array element %d: %q is not a byte", i, string(x))
			}
		case float64:
			if x != math.Trunc(x) {
				return nil, fmt.Errorf("typed array element %d: %v is not a byte", i, x)
			}
			if x < 0 || x > 255 {
				n = -1
			} else {
				n = int64(x)
			}
		default:
			return nil, fmt.Errorf("typed array element %d: want a number, got %s", i, kind(e))
		}
		if n < 0 || n > 255 {
			return nil, fmt.Errorf("typed array element %d: %v is not a byte", i, e)
		}
		b[i] = byte(n)
	}
	return b, nil
}

// parsePath splits a superjson path string into segments. With legacy
// (meta without "v") only `\.` is an escape and any other backslash is
// literal; otherwise `\\` and `\.` are escapes and any other backslash is an
// error, exactly like superjson's parsePath.
func parsePath(s string, legacy bool) ([]string, error) {
	var segs []string
	var seg strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' {
			var next byte
			if i+1 < len(s) {
				next = s[i+1]
			}
			switch {
			case next == '.':
				seg.WriteByte('.')
				i++
				continue
			case !legacy && next == '\\':
				seg.WriteByte('\\')
				i++
				continue
			case !legacy:
				return nil, errors.New(`invalid escape (only \\ and \. are allowed)`)
			}
		}
		if c == '.' {
			segs = append(segs, seg.String())
			seg.Reset()
			continue
		}
		seg.WriteByte(c)
	}
	return append(segs, seg.String()), nil
}

func joinPath(path []string) string { return strings.Join(path, ".") }

func metaErr(path []string, ann any, err error) error {
	a, _ := json.Marshal(ann)
	return &MetaError{Path: joinPath(path), Annotation: string(a), Err: err}
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	}
	return fmt.Sprintf("%T", v)
}

// parseJSDate parses the output of JS Date.prototype.toISOString:
// "2026-01-02T03:04:05.678Z", or with an extended year "+275760-09-13T00:00:00.000Z"
// / "-000001-01-01T00:00:00.000Z". Other RFC 3339 forms (offsets, any
// number of fractional digits) are accepted too. The result is in UTC.
func parseJSDate(s string) (time.Time, error) {
	if len(s) > 7 && (s[0] == '+' || s[0] == '-') && s[7] == '-' {
		year, err := strconv.Atoi(s[1:7])
		if err != nil || s[1] == '+' || s[1] == '-' {
			return time.Time{}, errors.New("invalid extended year")
		}
		if s[0] == '-' {
			year = -year
		}
		// parse the rest with a stand-in year of the same leap-ness
		base := "2001"
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			base = "2000"
		}
		t, err := time.Parse(time.RFC3339Nano, base+s[7:])
		if err != nil {
			return time.Time{}, err
		}
		t = t.UTC()
		return time.Date(year, t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}
