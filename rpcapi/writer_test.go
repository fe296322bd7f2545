package rpcapi

import (
	"testing"
	"time"

	"github.com/entstack/entstack/resource"
	"github.com/entstack/entstack/rpcapi/superjson"
)

// TestToISOMillis checks that dates written by the rows match JS
// toISOString, as superjson clients expect (RPC-SJ-03).
func TestToISOMillis(t *testing.T) {
	for _, tt := range []time.Time{
		time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 100_000_000, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 120_000_000, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 123_456_789, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 999_999_999, time.UTC),
		time.Date(2026, 1, 2, 3, 4, 5, 1_000, time.FixedZone("x", 3600)),
	} {
		b := append([]byte(`{"a":`), 'x')
		start := len(b)
		b = resource.AppendTime(b, tt)
		got := string(toISOMillis(b, start)[start:])
		want := string(superjson.AppendDate(nil, tt))
		if got != want {
			t.Errorf("%v: got %s, want %s", tt, got, want)
		}
	}
}
