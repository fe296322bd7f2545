package privacy

import (
	"fmt"
	"testing"

	"entgo.io/ent/dialect/sql"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

// TestDeferred: a rule reading the viewer's entity, deferred, is built at
// once for a loaded or anonymous viewer; for one not loaded, only when an
// evaluation reaches it, which the viewer then records (entityState), and
// rendering it to SQL fails the query rather than filter wrongly.
func TestDeferred(t *testing.T) {
	admin := func(a *fakeViewer) Cond { return Bool(a.Entity() != nil && a.Entity().admin) }
	rule := func(a *fakeViewer) Cond { return Or(owns(a, "owner"), Deferred(a, admin)) }
	rowOwnedBy := func(owner int) resource.Values {
		return func(column string) (any, bool) { return owner, column == "owner" }
	}
	for _, c := range []struct {
		name     string
		viewer   *fakeViewer
		row      resource.Values
		holds    bool
		decided  bool
		wanted   bool
		constant bool // the rule folded to a constant when built
	}{
		{"unloaded, own row: the id decides", NewViewer[int, *member](1), rowOwnedBy(1), true, true, false, false},
		{"unloaded, another's row: the entity is asked for", NewViewer[int, *member](1), rowOwnedBy(2), false, true, true, false},
		{"loaded admin: built at once", LoadedViewer(1, &member{admin: true}), rowOwnedBy(2), true, true, false, true},
		{"loaded non-admin", LoadedViewer(1, &member{}), rowOwnedBy(2), false, true, false, false},
		{"anonymous", nil, rowOwnedBy(2), false, true, false, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			cond := rule(c.viewer)
			require.Equal(t, c.constant, cond.known)
			holds, decided := cond.Eval(c.row)
			require.Equal(t, c.holds, holds)
			require.Equal(t, c.decided, decided)
			_, wanted := c.viewer.entityState()
			require.Equal(t, c.wanted, wanted)
		})
	}

	a := NewViewer[int, *member](1)
	s := sql.Select("id").From(sql.Table("items"))
	rule(a).Predicate()(s)
	_, _ = s.Query()
	require.ErrorContains(t, s.Err(), errNotLoaded.Error())
}

// TestViewerCond: a condition on the viewer's own fields is decided in Go
// when its entity is at hand (loaded, or anonymous: no entity), and
// rendered as the sub-select otherwise, without asking for the entity.
func TestViewerCond(t *testing.T) {
	admin := func(a *fakeViewer) Cond {
		return ViewerCond(a, func(e *member) Cond { return Bool(e != nil && e.admin) },
			func() Cond { return P(sql.FieldEQ("role", "admin")) })
	}
	for _, c := range []struct {
		name   string
		viewer *fakeViewer
		want   string // the constant, or the SQL
	}{
		{"loaded admin", LoadedViewer(1, &member{admin: true}), "true"},
		{"loaded member", LoadedViewer(1, &member{}), "false"},
		{"anonymous", nil, "false"},
		{"not loaded: the sub-select", NewViewer[int, *member](1), "SELECT `id` FROM `items` WHERE `items`.`role` = ?"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cond := admin(c.viewer)
			if cond.known {
				require.Equal(t, c.want, fmt.Sprint(cond.val))
			} else {
				s := sql.Select("id").From(sql.Table("items"))
				cond.Predicate()(s)
				q, _ := s.Query()
				require.Equal(t, c.want, q)
			}
			_, wanted := c.viewer.entityState()
			require.False(t, wanted, "the entity is not asked for")
		})
	}
}
