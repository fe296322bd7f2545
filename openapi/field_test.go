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
		field resource.FieldSpec
		want  string
	}{
		{"string", resource.FieldSpec{Kind: resource.KindString}, `{"type":"string"}`},
		{"nillable int", resource.FieldSpec{Kind: resource.KindInt, Nillable: true}, `{"type":["integer","null"]}`},
		{"uint", resource.FieldSpec{Kind: resource.KindUint}, `{"type":"integer","minimum":0}`},
		{"time", resource.FieldSpec{Kind: resource.KindTime}, `{"type":"string","format":"date-time"}`},
		{"nillable enum", resource.FieldSpec{Kind: resource.KindEnum, Enum: []string{"A", "B"}, Nillable: true}, `{"type":["string","null"],"enum":["A","B",null]}`},
		{"uuid", resource.FieldSpec{Kind: resource.KindUUID}, `{"type":"string","format":"uuid"}`},
		{"bytes", resource.FieldSpec{Kind: resource.KindBytes}, `{"type":"string","contentEncoding":"base64"}`},
		{"nillable json", resource.FieldSpec{Kind: resource.KindJSON, Nillable: true}, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(FieldValue(resource.NewField(tt.field)))
			require.NoError(t, err)
			assert.JSONEq(t, tt.want, string(b))
		})
	}
}
