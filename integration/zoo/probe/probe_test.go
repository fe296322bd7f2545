package probe

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/resource"
)

var blog = Target{Name: "blog", Open: func(drv dialect.Driver) (*resource.Registry, func(context.Context) error) {
	c := ent.NewClient(ent.Driver(drv))
	return c.Resources(), func(ctx context.Context) error { return c.Schema.Create(ctx) }
}}

// The probe creates, reads, updates and deletes rows of every model of the
// blog with no 5xx; with its access policy on and no viewer, it is refused
// every write and still sees no 5xx.
func TestProbeBlog(t *testing.T) {
	rep, err := RunTarget(context.Background(), blog, "", Options{Bypass: true})
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Failures)
	for _, typ := range []string{"user", "post", "comment", "tag", "profile"} {
		require.Equal(t, 2, rep.Created[typ], "%s: %v", typ, rep.Refused)
		require.Equal(t, 2, rep.Deleted[typ], "%s: %v", typ, rep.Refused)
	}
	require.Greater(t, rep.Requests, 200)
	t.Log(rep.Summary())
	for _, r := range rep.Refused {
		t.Log(r)
	}

	rep, err = RunTarget(context.Background(), blog, "", Options{})
	require.NoError(t, err)
	require.True(t, rep.OK(), "%v", rep.Failures)
	require.Zero(t, rep.Created["post"], "anonymous viewers write no posts")
	require.NotEmpty(t, rep.Refused)
}
