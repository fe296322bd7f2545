package resource

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"
)

// JSONFilter tests the value of a JSON field, or the value at a path in
// it, the way Prisma filters Json fields (equals, string_contains,
// array_contains…) and scalar lists (has, hasEvery, hasSome, isEmpty).
type JSONFilter struct {
	Field *Field
	Path  []string // object keys and array indexes from the field's value; empty: the value itself
	Op    JSONOp
	// Value is a decoded JSON value (maps, slices, json.Number, string,
	// bool, nil): the value compared with (JSONEquals), the substring
	// (JSONString*), the elements ([]any, JSONArrayContains and
	// JSONHasSome), the element (JSONArrayStartsWith, JSONArrayEndsWith),
	// or a bool (JSONIsEmpty).
	Value any
	Fold  bool // case-insensitive string operators
}

// JSONOp is an operator of a JSONFilter.
type JSONOp uint8

// JSON operators.
const (
	JSONEquals           JSONOp = iota + 1 // the value equals Value; a nil Value is JSON's null
	JSONStringContains                     // the value is a string containing Value
	JSONStringStartsWith                   // … starting with Value
	JSONStringEndsWith                     // … ending with Value
	JSONArrayContains                      // the value is an array holding every element of Value
	JSONArrayStartsWith                    // the value is an array whose first element is Value
	JSONArrayEndsWith                      // the value is an array whose last element is Value
	JSONHasSome                            // the value is an array holding some element of Value
	JSONIsEmpty                            // the value is an empty array (Value true) or a non-empty one (false)
)

func (*JSONFilter) isFilter() {}

// pathSegment is what a JSON path may hold: an identifier-like key or an
// array index. The path is written into the SQL text (no database takes
// it as a parameter everywhere), so nothing else is let through.
var pathSegment = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+)$`)

// ParseJSONPath checks a JSON path given as segments (Prisma's array
// form) or as a string ("$.a.b[0]", "a.b"): every segment must be a key
// made of letters, digits and underscores, or an array index.
func ParseJSONPath(v any) ([]string, error) {
	var segs []string
	switch x := v.(type) {
	case []any:
		for _, s := range x {
			switch y := s.(type) {
			case string:
				segs = append(segs, y)
			case json.Number:
				segs = append(segs, y.String())
			case int64:
				segs = append(segs, strconv.FormatInt(y, 10))
			default:
				return nil, Errorf(Invalid, CodeInvalidValue, "a JSON path segment must be a string or an index, got %s", describe(s))
			}
		}
	case []string:
		segs = x
	case string:
		s := strings.TrimPrefix(strings.TrimPrefix(x, "$"), ".")
		for _, part := range strings.Split(strings.ReplaceAll(strings.ReplaceAll(s, "[", "."), "]", ""), ".") {
			if part != "" || s != "" {
				segs = append(segs, part)
			}
		}
	default:
		return nil, Errorf(Invalid, CodeInvalidValue, "a JSON path is an array of keys or a string like $.a.b, got %s", describe(v))
	}
	for _, s := range segs {
		if !pathSegment.MatchString(s) {
			return nil, Errorf(Invalid, CodeInvalidValue, "JSON path segment %q: keys are letters, digits and underscores; indexes are numbers", s)
		}
	}
	return segs, nil
}

func (j *JSONFilter) predicate() Predicate {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			j.write(b, s.Dialect(), s.C(j.Field.Column()))
		}))
	}
}

// jsonPath renders the JSON value at a path of a column, for a dialect.
type jsonPath struct {
	d    string
	col  string
	path []string
}

// value writes the expression of the value at the path: jsonb on
// PostgreSQL, JSON_EXTRACT's result (SQL scalars, JSON text for arrays and
// objects) on SQLite and MySQL.
func (p jsonPath) value(b *sql.Builder) {
	switch p.d {
	case dialect.Postgres:
		b.WriteString("(").Ident(p.col).WriteString("::jsonb")
		if len(p.path) > 0 {
			b.WriteString(" #> '{" + strings.Join(p.path, ",") + "}'")
		}
		b.WriteString(")")
	default:
		b.WriteString("JSON_EXTRACT(").Ident(p.col).WriteString(", '" + p.mysqlPath("") + "')")
	}
}

// mysqlPath is the path in the SQLite/MySQL syntax, with a suffix ("[0]").
func (p jsonPath) mysqlPath(suffix string) string {
	var sb strings.Builder
	sb.WriteString("$")
	for _, s := range p.path {
		if s[0] >= '0' && s[0] <= '9' {
			sb.WriteString("[" + s + "]")
		} else {
			sb.WriteString("." + s)
		}
	}
	sb.WriteString(suffix)
	return sb.String()
}

// typeIs writes a test of the JSON type of the value: "string", "array",
// "null" (PostgreSQL's jsonb_typeof names).
func (p jsonPath) typeIs(b *sql.Builder, typ string) {
	switch p.d {
	case dialect.Postgres:
		b.WriteString("jsonb_typeof")
		p.value(b)
		b.WriteString(" = '" + typ + "'")
	case dialect.SQLite:
		names := map[string]string{"string": "text", "array": "array", "null": "null"}
		b.WriteString("json_type(").Ident(p.col).WriteString(", '" + p.mysqlPath("") + "') = '" + names[typ] + "'")
	default:
		b.WriteString("JSON_TYPE(")
		p.value(b)
		b.WriteString(") = '" + strings.ToUpper(typ) + "'")
	}
}

// equals writes: the value at the path (with suffix, an element of an
// array) equals the JSON value v, compared as JSON.
func (p jsonPath) equals(b *sql.Builder, suffix string, v any) {
	text := jsonText(v)
	b.WriteString("(")
	defer b.WriteString(")")
	switch p.d {
	case dialect.Postgres:
		p.value(b)
		switch suffix {
		case "[0]":
			b.WriteString(" -> 0")
		case "[last]":
			b.WriteString(" -> -1")
		}
		b.WriteString(" = ").Arg(text).WriteString("::jsonb")
	case dialect.SQLite:
		// JSON_EXTRACT normalises both sides alike: SQL scalars of the
		// right type, or minified JSON text for arrays and objects; the
		// types are compared too, as SQLite finds an array's text equal
		// to a string holding it.
		path := p.mysqlPath(suffix)
		if suffix == "[last]" {
			path = p.mysqlPath("[#-1]")
		}
		b.WriteString("JSON_EXTRACT(").Ident(p.col).WriteString(", '" + path + "') = JSON_EXTRACT(").Arg(text).WriteString(", '$')")
		b.WriteString(" AND json_type(").Ident(p.col).WriteString(", '" + path + "') = json_type(").Arg(text).WriteString(")")
	default:
		// MariaDB's = between JSON values unquotes and converts (the
		// string "1" equals the number 1), MySQL's compares JSON: same
		// JSON type and same (binary) text is the same on both.
		x := func() {
			b.WriteString("JSON_EXTRACT(").Ident(p.col).WriteString(", ")
			if suffix == "[last]" {
				// MariaDB resolves [last] once per statement, not per row.
				b.WriteString("CONCAT('" + p.mysqlPath("") + "[', JSON_LENGTH(").Ident(p.col).WriteString(", '" + p.mysqlPath("") + "') - 1, ']'))")
				return
			}
			b.WriteString("'" + p.mysqlPath(suffix) + "')")
		}
		b.WriteString("JSON_TYPE(")
		x()
		b.WriteString(") = JSON_TYPE(JSON_EXTRACT(").Arg(text).WriteString(", '$')) AND JSON_UNQUOTE(")
		x()
		b.WriteString(") = CAST(JSON_UNQUOTE(JSON_EXTRACT(").Arg(text).WriteString(", '$')) AS BINARY)")
	}
}

// contains writes: the value is an array holding the JSON value e.
func (p jsonPath) contains(b *sql.Builder, e any) {
	switch p.d {
	case dialect.Postgres:
		p.value(b)
		b.WriteString(" @> ").Arg(jsonText([]any{e})).WriteString("::jsonb")
	case dialect.SQLite:
		text := jsonText(e)
		b.WriteString("EXISTS (SELECT 1 FROM json_each(").Ident(p.col).WriteString(", '" + p.mysqlPath("") + "') WHERE json_each.value = JSON_EXTRACT(").
			Arg(text).WriteString(", '$') AND json_each.type = json_type(").Arg(text).WriteString("))")
	default:
		b.WriteString("JSON_CONTAINS(").Ident(p.col).Comma().Arg(jsonText([]any{e})).WriteString(", '" + p.mysqlPath("") + "') = 1")
	}
}

// text writes the value at the path as text (a JSON string unquoted).
func (p jsonPath) text(b *sql.Builder) {
	switch p.d {
	case dialect.Postgres:
		b.WriteString("(").Ident(p.col).WriteString("::jsonb #>> '{" + strings.Join(p.path, ",") + "}')")
	case dialect.SQLite:
		p.value(b)
	default:
		b.WriteString("JSON_UNQUOTE(")
		p.value(b)
		b.WriteString(")")
	}
}

func (j *JSONFilter) write(b *sql.Builder, d, col string) {
	p := jsonPath{d: d, col: col, path: j.Path}
	and := func(parts ...func()) {
		b.WriteString("(")
		for i, part := range parts {
			if i > 0 {
				b.WriteString(" AND ")
			}
			part()
		}
		b.WriteString(")")
	}
	isArray := func() { p.typeIs(b, "array") }
	switch j.Op {
	case JSONEquals:
		if j.Value == nil {
			p.typeIs(b, "null")
			return
		}
		p.equals(b, "", j.Value)
	case JSONStringContains, JSONStringStartsWith, JSONStringEndsWith:
		s, _ := j.Value.(string)
		and(func() { p.typeIs(b, "string") }, func() { writeJSONTextMatch(b, d, p.text, j.Op, s, j.Fold) })
	case JSONArrayContains, JSONHasSome:
		es, _ := j.Value.([]any)
		parts := []func(){isArray}
		var some []func()
		for _, e := range es {
			part := func() { p.contains(b, e) }
			if j.Op == JSONHasSome {
				some = append(some, part)
			} else {
				parts = append(parts, part)
			}
		}
		if j.Op == JSONHasSome {
			if len(some) == 0 {
				b.WriteString("1 = 0")
				return
			}
			parts = append(parts, func() {
				b.WriteString("(")
				for i, s := range some {
					if i > 0 {
						b.WriteString(" OR ")
					}
					s()
				}
				b.WriteString(")")
			})
		}
		and(parts...)
	case JSONArrayStartsWith:
		and(isArray, func() { p.equals(b, "[0]", j.Value) })
	case JSONArrayEndsWith:
		and(isArray, func() { p.equals(b, "[last]", j.Value) })
	case JSONIsEmpty:
		empty, _ := j.Value.(bool)
		if empty {
			and(isArray, func() { p.equals(b, "", []any{}) })
			return
		}
		and(isArray, func() {
			b.WriteString("NOT ")
			p.equals(b, "", []any{})
		})
	default:
		b.WriteString("1 = 0")
	}
}

// writeJSONTextMatch writes a contains, prefix or suffix test of the text
// expression x, folded (mode: insensitive) or case-sensitive
// (writeTextMatch).
func writeJSONTextMatch(b *sql.Builder, d string, x func(*sql.Builder), op JSONOp, v string, fold bool) {
	pattern := OpEndsWith
	switch op {
	case JSONStringContains:
		pattern = OpContains
	case JSONStringStartsWith:
		pattern = OpStartsWith
	}
	if !fold {
		writeTextMatch(b, d, x, pattern, v)
		return
	}
	b.WriteString("LOWER(")
	x(b)
	b.WriteString(") LIKE ").Arg(strings.ToLower(likePattern(pattern, v)))
	if d != dialect.MySQL {
		b.WriteString(" ESCAPE '\\'")
	}
}

// jsonText marshals a decoded JSON value back to JSON text.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "null"
	}
	return string(b)
}
