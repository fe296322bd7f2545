package rpcapi

import (
	"math"
	"strings"
	"testing"
)

// arith computes the atomic update operations on every numeric kind and
// refuses, rather than wraps, a result out of the kind's range.
func TestArith(t *testing.T) {
	const maxI, minI = int64(math.MaxInt64), int64(math.MinInt64)
	for _, tt := range []struct {
		op      string
		cur, by any
		want    any    // when err is ""
		err     string // a fragment of the error
	}{
		{"add", int64(1), int64(2), int64(3), ""},
		{"add", maxI - 1, int64(1), maxI, ""},
		{"add", maxI, int64(1), nil, "out of range"},
		{"add", minI, int64(-1), nil, "out of range"},
		{"add", minI, maxI, int64(-1), ""},
		{"multiply", int64(-3), int64(4), int64(-12), ""},
		{"multiply", maxI, int64(0), int64(0), ""},
		{"multiply", maxI/2 + 1, int64(2), nil, "out of range"},
		{"multiply", minI, int64(-1), nil, "out of range"},
		{"multiply", int64(-1), minI, nil, "out of range"},
		{"multiply", int64(1) << 32, int64(1) << 31, nil, "out of range"},
		{"divide", int64(7), int64(2), int64(3), ""},
		{"divide", int64(-7), int64(2), int64(-3), ""},
		{"divide", minI, int64(-1), nil, "out of range"},
		{"divide", int64(1), int64(0), nil, "division by zero"},
		{"add", uint64(1), uint64(2), uint64(3), ""},
		{"add", uint64(math.MaxUint64), uint64(1), nil, "out of range"},
		{"add", uint64(5), int64(-5), uint64(0), ""},
		{"add", uint64(5), int64(-6), nil, "out of range"},
		{"add", uint64(5), minI, nil, "out of range"},
		{"multiply", uint64(math.MaxUint64 / 2), uint64(3), nil, "out of range"},
		{"divide", uint64(9), uint64(0), nil, "division by zero"},
		{"add", 1.5, 2.0, 3.5, ""},
		{"multiply", math.MaxFloat64, 2.0, nil, "out of range"},
		{"divide", 1.0, 0.0, nil, "division by zero"},
		{"divide", 1.0, 4.0, 0.25, ""},
	} {
		got, err := arith(tt.op, tt.cur, tt.by, "data.x")
		switch {
		case tt.err == "" && (err != nil || got != tt.want):
			t.Errorf("%v %s %v = %v, %v; want %v", tt.cur, tt.op, tt.by, got, err, tt.want)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "data.x: ")):
			t.Errorf("%v %s %v = %v, %v; want an error with %q", tt.cur, tt.op, tt.by, got, err, tt.err)
		}
	}
}
