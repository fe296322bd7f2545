package resource

import (
	"fmt"
	"math/big"
	"testing"
)

// sumHalves adds the high and low 32-bit halves of an integer sum exactly,
// within int64 and past it.
func TestSumHalves(t *testing.T) {
	for _, tt := range []struct {
		hi, lo any
		want   string
	}{
		{int64(0), int64(562), "562"},
		{int64(-1), int64(4294967295), "-1"},                           // one value -1
		{int64(2147483647), int64(4294967295), "9223372036854775807"},  // one value 2^63-1
		{int64(4294967294), int64(8589934590), "18446744073709551614"}, // two of them
		{int64(-4294967296), int64(0), "-18446744073709551616"},        // two values -2^63
		{"2147483647", []byte("4294967295"), "9223372036854775807"},    // text from a driver
		{nil, nil, "<nil>"}, // no values
	} {
		got := sumHalves(tt.hi, tt.lo)
		if s := fmt.Sprint(got); s != tt.want {
			t.Errorf("sumHalves(%v, %v) = %s, want %s", tt.hi, tt.lo, s, tt.want)
		}
		if b, isBig := got.(*big.Int); isBig && b.IsInt64() {
			t.Errorf("%s: a *big.Int within int64", tt.want)
		}
	}
}
