package openapi

import "github.com/entstack/entstack/resource"

// FieldValue is the JSON schema of a field's values, as both APIs write
// them: times in RFC 3339, bytes in base64, JSON and Other fields as any JSON
// value, and null allowed when the field is nillable.
func FieldValue(f *resource.Field) *Schema {
	s := &Schema{}
	switch f.Kind() {
	case resource.KindString:
		s.Type = "string"
	case resource.KindBool:
		s.Type = "boolean"
	case resource.KindInt:
		s.Type = "integer"
	case resource.KindUint:
		s.Type, s.Minimum = "integer", Float(0)
	case resource.KindFloat:
		s.Type = "number"
	case resource.KindTime:
		s.Type, s.Format = "string", "date-time"
	case resource.KindEnum:
		s.Type = "string"
		for _, v := range f.Enum() {
			s.Enum = append(s.Enum, v)
		}
	case resource.KindUUID:
		s.Type, s.Format = "string", "uuid"
	case resource.KindBytes:
		s.Type, s.ContentEncoding = "string", "base64"
	}
	// A schema without a type (JSON, Other) already admits null.
	if t, ok := s.Type.(string); ok && f.Nillable() {
		s.Type = []string{t, "null"}
		if s.Enum != nil {
			s.Enum = append(s.Enum, nil)
		}
	}
	return s
}
