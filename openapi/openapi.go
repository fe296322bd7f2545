// Package openapi is the OpenAPI 3.1 document model that restapi and rpcapi
// build their API descriptions with (Handler.OpenAPI), and the schema of a
// field's values they share (FieldValue). It holds only what those documents
// use; maps keep their insertion order, so the documents list paths,
// properties and responses in the order they were built.
package openapi

import (
	"bytes"
	"encoding/json"
)

// Version is the OpenAPI version of the documents.
const Version = "3.1.0"

// Document is an OpenAPI document.
type Document struct {
	OpenAPI    string                `json:"openapi"`
	Info       Info                  `json:"info"`
	Servers    []Server              `json:"servers,omitempty"`
	Tags       []Tag                 `json:"tags,omitempty"`
	Paths      *Map[*PathItem]       `json:"paths"`
	Components Components            `json:"components"`
	Security   []map[string][]string `json:"security,omitempty"`
}

// Info describes the API.
type Info struct {
	Title       string `json:"title"`
	Version     string `json:"version"`
	Description string `json:"description,omitempty"`
}

// Server is a base URL of the API.
type Server struct {
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

// Tag groups operations (one per model).
type Tag struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// PathItem holds the operations of one path.
type PathItem struct {
	Summary    string       `json:"summary,omitempty"`
	Parameters []*Parameter `json:"parameters,omitempty"`
	Get        *Operation   `json:"get,omitempty"`
	Put        *Operation   `json:"put,omitempty"`
	Post       *Operation   `json:"post,omitempty"`
	Delete     *Operation   `json:"delete,omitempty"`
	Patch      *Operation   `json:"patch,omitempty"`
}

// Operation is one verb on one path.
type Operation struct {
	Tags        []string              `json:"tags,omitempty"`
	Summary     string                `json:"summary,omitempty"`
	Description string                `json:"description,omitempty"`
	OperationID string                `json:"operationId"`
	Parameters  []*Parameter          `json:"parameters,omitempty"`
	RequestBody *RequestBody          `json:"requestBody,omitempty"`
	Responses   *Map[*Response]       `json:"responses"`
	Security    []map[string][]string `json:"security,omitempty"`
	// Extensions are x- members: x-entstack-policy says which access rules
	// may deny the operation.
	Extensions map[string]any `json:"-"`
}

// MarshalJSON adds the x- extensions to the operation's members.
func (o *Operation) MarshalJSON() ([]byte, error) {
	type plain Operation
	b, err := json.Marshal((*plain)(o))
	if err != nil || len(o.Extensions) == 0 {
		return b, err
	}
	ext, err := json.Marshal(o.Extensions)
	if err != nil {
		return nil, err
	}
	return append(append(b[:len(b)-1], ','), ext[1:]...), nil
}

// Parameter is a path or query parameter. A parameter whose value is a JSON
// document (RPC's q) has Content instead of Schema.
type Parameter struct {
	Ref         string                `json:"$ref,omitempty"`
	Name        string                `json:"name,omitempty"`
	In          string                `json:"in,omitempty"`
	Description string                `json:"description,omitempty"`
	Required    bool                  `json:"required,omitempty"`
	Style       string                `json:"style,omitempty"`
	Explode     *bool                 `json:"explode,omitempty"`
	Schema      *Schema               `json:"schema,omitempty"`
	Content     map[string]*MediaType `json:"content,omitempty"`
}

// RequestBody is the body of an operation.
type RequestBody struct {
	Description string                `json:"description,omitempty"`
	Required    bool                  `json:"required,omitempty"`
	Content     map[string]*MediaType `json:"content"`
}

// Response is one response of an operation.
type Response struct {
	Ref         string                `json:"$ref,omitempty"`
	Description string                `json:"description,omitempty"`
	Headers     map[string]*Header    `json:"headers,omitempty"`
	Content     map[string]*MediaType `json:"content,omitempty"`
}

// Header is a response header.
type Header struct {
	Description string  `json:"description,omitempty"`
	Schema      *Schema `json:"schema"`
}

// MediaType is the schema of a body or parameter in one media type.
type MediaType struct {
	Schema *Schema `json:"schema"`
	// Example is shown instead of one generated from the schema (which is
	// slow for the recursive schemas of RPC arguments).
	Example any `json:"example,omitempty"`
}

// Components holds the reusable parts of a document.
type Components struct {
	Schemas         *Map[*Schema]              `json:"schemas,omitempty"`
	Parameters      *Map[*Parameter]           `json:"parameters,omitempty"`
	Responses       *Map[*Response]            `json:"responses,omitempty"`
	SecuritySchemes map[string]*SecurityScheme `json:"securitySchemes,omitempty"`
}

// SecurityScheme is an authentication method.
type SecurityScheme struct {
	Type         string `json:"type"`
	Scheme       string `json:"scheme,omitempty"`
	BearerFormat string `json:"bearerFormat,omitempty"`
	Description  string `json:"description,omitempty"`
}

// Schema is a JSON Schema (2020-12, as OpenAPI 3.1 uses it).
type Schema struct {
	Ref                  string        `json:"$ref,omitempty"`
	Type                 any           `json:"type,omitempty"` // a string, or a list with "null"
	Format               string        `json:"format,omitempty"`
	Description          string        `json:"description,omitempty"`
	Enum                 []any         `json:"enum,omitempty"`
	Const                any           `json:"const,omitempty"`
	Default              any           `json:"default,omitempty"`
	Minimum              *float64      `json:"minimum,omitempty"`
	Maximum              *float64      `json:"maximum,omitempty"`
	MinItems             *int          `json:"minItems,omitempty"`
	MaxItems             *int          `json:"maxItems,omitempty"`
	ContentEncoding      string        `json:"contentEncoding,omitempty"`
	MinLength            *int          `json:"minLength,omitempty"`
	Pattern              string        `json:"pattern,omitempty"`
	Items                *Schema       `json:"items,omitempty"`
	Properties           *Map[*Schema] `json:"properties,omitempty"`
	Required             []string      `json:"required,omitempty"`
	AdditionalProperties any           `json:"additionalProperties,omitempty"` // false or a *Schema
	MinProperties        *int          `json:"minProperties,omitempty"`
	MaxProperties        *int          `json:"maxProperties,omitempty"`
	OneOf                []*Schema     `json:"oneOf,omitempty"`
	AnyOf                []*Schema     `json:"anyOf,omitempty"`
	AllOf                []*Schema     `json:"allOf,omitempty"`
	ReadOnly             bool          `json:"readOnly,omitempty"`
	WriteOnly            bool          `json:"writeOnly,omitempty"`
	// Extensions are x- members: x-entstack-read-rule marks a field a
	// read rule may hide.
	Extensions map[string]any `json:"-"`
}

// MarshalJSON adds the x- extensions to the schema's members.
func (s *Schema) MarshalJSON() ([]byte, error) {
	type plain Schema
	b, err := json.Marshal((*plain)(s))
	if err != nil || len(s.Extensions) == 0 {
		return b, err
	}
	ext, err := json.Marshal(s.Extensions)
	if err != nil {
		return nil, err
	}
	if len(b) == 2 { // {}
		return ext, nil
	}
	return append(append(b[:len(b)-1], ','), ext[1:]...), nil
}

// Ref is a schema that refers to a component schema.
func Ref(name string) *Schema { return &Schema{Ref: "#/components/schemas/" + name} }

// Nullable is s or null.
func Nullable(s *Schema) *Schema { return &Schema{AnyOf: []*Schema{s, {Type: "null"}}} }

// Object is an object schema with the properties in order; required lists
// the required ones. Unknown members are not allowed.
func Object(props *Map[*Schema], required ...string) *Schema {
	return &Schema{Type: "object", Properties: props, Required: required, AdditionalProperties: false}
}

// Array is an array of items.
func Array(items *Schema) *Schema { return &Schema{Type: "array", Items: items} }

// Int returns a pointer to n, for the numeric keywords.
func Int(n int) *int { return &n }

// Float returns a pointer to f, for minimum and maximum.
func Float(f float64) *float64 { return &f }

// Map is a JSON object whose members keep their insertion order.
type Map[T any] struct {
	keys []string
	vals map[string]T
}

// NewMap returns an empty map.
func NewMap[T any]() *Map[T] { return &Map[T]{vals: map[string]T{}} }

// Set adds or replaces a member; a new member goes last.
func (m *Map[T]) Set(key string, val T) *Map[T] {
	if _, ok := m.vals[key]; !ok {
		m.keys = append(m.keys, key)
	}
	m.vals[key] = val
	return m
}

// Get returns the member named key.
func (m *Map[T]) Get(key string) (T, bool) {
	v, ok := m.vals[key]
	return v, ok
}

// Keys lists the member names in order.
func (m *Map[T]) Keys() []string { return m.keys }

// Len is the number of members.
func (m *Map[T]) Len() int { return len(m.keys) }

// MarshalJSON writes the members in order.
func (m *Map[T]) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range m.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(m.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
