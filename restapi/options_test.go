package restapi

import (
	"strings"
	"testing"

	"github.com/entstack/entstack/ent"
)

func TestNewValidatesOptions(t *testing.T) {
	reg := ent.NewClient().Resources()
	const ep = "https://api.example.com/api/rest"
	for _, tc := range []struct {
		opts Options
		want []string // "" for valid
	}{
		{Options{Endpoint: ep}, nil},
		{Options{Endpoint: "http://localhost:8080/api/rest/", PageSize: Unlimited}, nil},
		{Options{Endpoint: ep, PageSize: 10, MaxPageSize: Unlimited}, nil},
		{Options{}, []string{"Endpoint is required"}},
		{Options{Endpoint: "/api/rest"}, []string{`Endpoint "/api/rest" is not an absolute http(s) URL`}},
		{Options{Endpoint: "ftp://host/api"}, []string{"not an absolute http(s) URL"}},
		{Options{Endpoint: ep + "?x=1"}, []string{"without query or fragment"}},
		{Options{Endpoint: "http://host:port/"}, []string{`Endpoint "http://host:port/"`}},
		{Options{Endpoint: ep, PageSize: -2}, []string{"PageSize is -2"}},
		{Options{Endpoint: ep, PageSize: 100, MaxPageSize: 50}, []string{"MaxPageSize 50 is below PageSize 100"}},
		// Every problem at once.
		{Options{MaxIncludeDepth: -1, MaxBodyBytes: -1}, []string{"Endpoint is required", "MaxIncludeDepth is -1", "MaxBodyBytes is -1"}},
	} {
		h, err := New(reg, tc.opts)
		if len(tc.want) == 0 {
			if err != nil || h == nil {
				t.Errorf("New(%+v): %v", tc.opts, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("New(%+v) succeeded, want %q", tc.opts, tc.want)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) || !strings.HasPrefix(err.Error(), "restapi.New: ") {
				t.Errorf("New(%+v) = %q, want it to say %q", tc.opts, err, w)
			}
		}
	}
	if _, err := New(nil, Options{Endpoint: ep}); err == nil || !strings.Contains(err.Error(), "the registry is nil") {
		t.Errorf("New(nil) = %v", err)
	}
}
