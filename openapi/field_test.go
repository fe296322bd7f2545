package openapi

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

func TestFieldValue(t *testing.T) {
	tests := []struct {
		name  string
		field resource.Field
		want  string
	}{
		{"string", resource.Field{Kind: resource.KindString}, `{"type":"string"}`},
		{"nillable int", resource.Field{Kind: resource.KindInt, Nillable: true}, `{"type":["integer","null"]}`},
		{"uint", resource.Field{Kind: resource.KindUint}, `{"type":"integer","minimum":0}`},
		{"time", resource.Field{Kind: resource.KindTime}, `{"type":"string","format":"date-time"}`},
		{"nillable enum", resource.Field{Kind: resource.KindEnum, Enum: []string{"A", "B"}, Nillable: true}, `{"type":["string","null"],"enum":["A","B",null]}`},
		{"uuid", resource.Field{Kind: resource.KindUUID}, `{"type":"string","format":"uuid"}`},
		{"bytes", resource.Field{Kind: resource.KindBytes}, `{"type":"string","contentEncoding":"base64"}`},
		{"nillable json", resource.Field{Kind: resource.KindJSON, Nillable: true}, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(FieldValue(&tt.field))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(b))
		})
	}
}
