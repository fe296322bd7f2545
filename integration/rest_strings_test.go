package integration

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRestStringOperatorsUnicode: the case-sensitive string operators must
// work on any text, not only ASCII, and treat LIKE wildcards as text.
func TestRestStringOperatorsUnicode(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx() // test data, not a request
	p := e.client.Post.Create().SetTitle("Crème brûlée: 100%_off").SetAuthorID(3).SaveX(ctx)
	q := e.client.Post.Create().SetTitle("Crema 100x off").SetAuthorID(3).SaveX(ctx)
	crème, crema := "post:"+itoa(p.ID), "post:"+itoa(q.ID)
	tests := []struct {
		query string
		want  []string
	}{
		{"filter[title$startsWith]=Crème", []string{crème}},
		{"filter[title$startsWith]=Crème%20brûlée", []string{crème}},
		{"filter[title$startsWith]=Crem", []string{crema}},
		{"filter[title$startsWith]=crème", []string{}},
		{"filter[title$endsWith]=brûlée:%20100%25_off", []string{crème}},
		{"filter[title$endsWith]=%25_off", []string{crème}},
		{"filter[title$endsWith]=0%25_off", []string{crème}},
		{"filter[title$endsWith]=BRÛLÉE:%20100%25_off", []string{}},
		{"filter[title$contains]=û", []string{crème}},
		{"filter[title$contains]=%25_", []string{crème}},
		{"filter[title$contains]=0_", []string{}},
		{"filter[title$icontains]=CRÈME", []string{crème}},
		{"filter[title$icontains]=%25", []string{crème}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.rest(t, emily, "GET", "/post?fields[post]=title&"+tt.query, "").ok(t)
			require.Equal(t, tt.want, keys(r.list(t)))
		})
	}
}
