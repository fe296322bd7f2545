package ent_test

// Hand-written test beside the generated package.

import (
	"context"
	"testing"

	_ "github.com/mattn/go-sqlite3"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/entx/internal/langtest/ent"
	"github.com/entstack/entstack/entx/internal/langtest/ent/enttest"
	"github.com/entstack/entstack/entx/internal/langtest/ent/predicate"
	"github.com/entstack/entstack/entx/internal/langtest/ent/user"
	"github.com/entstack/entstack/privacy"
)

// A filter on a read-guarded field (User.name, hidden when banned) ANDed
// with the field scope cannot find rows whose value the viewer cannot see.
func TestFieldScope(t *testing.T) {
	c := enttest.Open(t, "sqlite3", "file:fieldscope?mode=memory&cache=shared&_fk=1")
	defer c.Close()
	sys := privacy.Bypass(context.Background())
	ann := c.User.Create().SetName("ann").SaveX(sys)
	bob := c.User.Create().SetName("bob").SetBanned(true).SaveX(sys)
	m, ok := c.Resources().ModelByName("User")
	require.True(t, ok)
	count := func(u *ent.User) int {
		ctx := ent.WithViewer(context.Background(), u)
		q := c.User.Query().Where(user.Name("bob"))
		if scope := m.Ops().FieldScope(ctx, 0); scope != nil {
			q.Where(predicate.User(scope))
		}
		return q.CountX(ctx)
	}
	require.Equal(t, 0, count(ann), "bob's name is hidden from ann: filtering on it finds nothing")
	require.Equal(t, 1, count(bob))
	require.Nil(t, m.Ops().FieldScope(sys, 0))
}
