package resource

import (
	"encoding/json"
	"math"
	"testing"
)

// TestParseFloat: a float filter value is a finite number. NaN and ±Inf
// parse in Go but are not numbers a client means; MySQL rejects them in
// SQL (a 500), PostgreSQL and SQLite compare them differently.
func TestParseFloat(t *testing.T) {
	f := NewField(FieldSpec{Name: "rating", Kind: KindFloat, Nillable: true})
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1.5", 1.5, true},
		{"-0", math.Copysign(0, -1), true},
		{"1e3", 1000, true},
		{"NaN", 0, false},
		{"nan", 0, false},
		{"Inf", 0, false},
		{"+Inf", 0, false},
		{"-Infinity", 0, false},
		{"1e400", 0, false},
		{"", 0, false},
		{"one", 0, false},
	} {
		v, err := Parse(f, tc.in)
		if !tc.ok {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want an error", tc.in, v)
			} else if e, ok := err.(*Error); !ok || e.Kind != Invalid {
				t.Errorf("Parse(%q): %v, want an Invalid error", tc.in, err)
			}
			continue
		}
		if err != nil || v != tc.want {
			t.Errorf("Parse(%q) = %v, %v, want %v", tc.in, v, err, tc.want)
		}
	}
}

// TestCoerceIntRange: an integer too large for the column's 64 bits is
// an Invalid error that says so, not that it is no integer.
func TestCoerceIntRange(t *testing.T) {
	i := NewField(FieldSpec{Name: "viewCount", Kind: KindInt})
	u := NewField(FieldSpec{Name: "size", Kind: KindUint})
	for _, tc := range []struct {
		f    *Field
		in   json.Number
		want string // "" accepts
	}{
		{i, "9223372036854775807", ""},
		{i, "-9223372036854775808", ""},
		{i, "9223372036854775808", "9223372036854775808 is out of range for viewCount (a 64-bit integer)"},
		{i, "-99999999999999999999", "-99999999999999999999 is out of range for viewCount (a 64-bit integer)"},
		{i, "1e30", "1e30 is out of range for viewCount (a 64-bit integer)"},
		{i, "1.5", "invalid value for viewCount: expected an integer, got the number 1.5"},
		{u, "18446744073709551616", "18446744073709551616 is out of range for size (a 64-bit unsigned integer)"},
		{u, "-1", "invalid value for size: expected a non-negative integer, got the number -1"},
	} {
		_, err := Coerce(tc.f, tc.in)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.in, err)
		case tc.want != "" && (err == nil || err.(*Error).Kind != Invalid || err.Error() != tc.want):
			t.Errorf("%s: got %v, want %s", tc.in, err, tc.want)
		}
	}
}
