package rpcapi

import (
	"strings"
	"testing"

	"github.com/entstack/entstack/ent"
)

func TestNewValidatesOptions(t *testing.T) {
	reg := ent.NewClient().Resources()
	for _, tc := range []struct {
		opts Options
		want []string // nil for valid
	}{
		{Options{}, nil},
		{Options{MaxTake: 10, MaxDepth: 2, MaxWhereDepth: 3, MaxBodyBytes: 100}, nil},
		{Options{MaxTake: -1}, []string{"MaxTake is -1: want a positive number, or 0 for the default (1000)"}},
		{Options{MaxDepth: -1, MaxBodyBytes: -5}, []string{"MaxDepth is -1", "MaxBodyBytes is -5"}},
	} {
		h, err := New(reg, tc.opts)
		if tc.want == nil {
			if err != nil || h == nil {
				t.Errorf("New(%+v): %v", tc.opts, err)
			}
			continue
		}
		for _, w := range tc.want {
			if err == nil || !strings.Contains(err.Error(), w) || !strings.HasPrefix(err.Error(), "rpcapi.New: ") {
				t.Errorf("New(%+v) = %v, want it to say %q", tc.opts, err, w)
			}
		}
	}
	if _, err := New(nil, Options{}); err == nil || !strings.Contains(err.Error(), "the registry is nil") {
		t.Errorf("New(nil) = %v", err)
	}
}
