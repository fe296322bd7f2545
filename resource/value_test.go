package resource

import (
	"math"
	"testing"
)

// TestParseFloat: a float filter value is a finite number. NaN and ±Inf
// parse in Go but are not numbers a client means; MySQL rejects them in
// SQL (a 500), PostgreSQL and SQLite compare them differently.
func TestParseFloat(t *testing.T) {
	f := &Field{Name: "rating", Kind: KindFloat, Nillable: true}
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
