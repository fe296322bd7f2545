package integration

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRestStringOperatorsUnicode: the case-sensitive string operators must
// work on any text, not only ASCII, and treat LIKE's and GLOB's wildcards
// as text.
func TestRestStringOperatorsUnicode(t *testing.T) {
	e := newEnv(t)
	ctx := e.ctx() // test data, not a request
	p := e.client.Post.Create().SetTitle("Crème brûlée: 100%_off").SetAuthorID(3).SaveX(ctx)
	q := e.client.Post.Create().SetTitle("Crema 100x off").SetAuthorID(3).SaveX(ctx)
	g := e.client.Post.Create().SetTitle("Stars *and* [brackets]? yes").SetAuthorID(3).SaveX(ctx)
	crème, crema, glob := "post:"+itoa(p.ID), "post:"+itoa(q.ID), "post:"+itoa(g.ID)
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
		{"filter[title$contains]=*and*", []string{glob}},
		{"filter[title$contains]=a%3Fd", []string{}},
		{"filter[title$contains]=[bc]rackets", []string{}},
		{"filter[title$contains]=[brackets]%3F", []string{glob}},
		{"filter[title$startsWith]=S*", []string{}},
		{"filter[title$startsWith]=Stars%20*", []string{glob}},
		{"filter[title$endsWith]=]%3F%20yes", []string{glob}},
		{"filter[title$endsWith]=%3F", []string{}},
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
