package langtest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/entx/internal/langtest/ent"
	"github.com/entstack/entstack/entx/internal/langtest/ent/doc"
	"github.com/entstack/entstack/entx/internal/langtest/ent/note"
	"github.com/entstack/entstack/integration/testdb"
	"github.com/entstack/entstack/privacy"
)

var sys = privacy.Bypass(context.Background())

type fixture struct {
	c                 *ent.Client
	ann, bob, boss    *ent.User
	live, draft, pub  *ent.Doc // pub: a draft with a note saying PUBLIC
	secret, lockedDoc *ent.Doc
}

func setup(t *testing.T) *fixture {
	drv := testdb.Open(t, testdb.Fresh(t))
	c := ent.NewClient(ent.Driver(drv))
	require.NoError(t, c.Schema.Create(context.Background()))
	f := &fixture{c: c}
	f.ann = c.User.Create().SetName("ann").SetLevel(1).SaveX(sys)
	f.bob = c.User.Create().SetName("bob").SetBanned(true).SaveX(sys)
	f.boss = c.User.Create().SetName("boss").SetLevel(10).SaveX(sys)
	f.live = c.Doc.Create().SetTitle("live.md").SetStatus(doc.StatusLIVE).SetOwner(f.ann).SaveX(sys)
	f.draft = c.Doc.Create().SetTitle("draft.md").SetOwner(f.ann).SaveX(sys)
	f.pub = c.Doc.Create().SetTitle("pub.md").SetOwner(f.ann).SaveX(sys)
	c.Note.Create().SetText("this is Public").SetDoc(f.pub).SaveX(sys)
	f.secret = c.Doc.Create().SetTitle("secret.md").SetStatus(doc.StatusLIVE).SetOwner(f.ann).SaveX(sys)
	f.lockedDoc = c.Doc.Create().SetTitle("locked.md").SetOwner(f.ann).SetScore(5).SaveX(sys)
	c.Note.Create().SetText("lock").SetDoc(f.lockedDoc).SaveX(sys)
	return f
}

func as(u *ent.User) context.Context {
	if u == nil {
		return context.Background()
	}
	return ent.WithViewer(context.Background(), u)
}

func titles(ds []*ent.Doc) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Title)
	}
	return out
}

// Enum literal, rel?[contains(…, caseInsensitive)], deny with startsWith
// and an ordering on auth() (null for anonymous: the ordering is false, so
// the deny rule does not fire).
func TestCollectionsAndStringFunctions(t *testing.T) {
	f := setup(t)
	cases := []struct {
		viewer *ent.User
		want   []string
	}{
		{nil, []string{"live.md", "pub.md", "secret.md"}},
		{f.bob, []string{"live.md", "pub.md"}}, // level 0 < 5: secret denied
		{f.boss, []string{"live.md", "pub.md", "secret.md"}},
		{f.ann, []string{"live.md", "draft.md", "pub.md", "locked.md"}}, // level 1: her own secret is denied too (deny wins)
	}
	for _, c := range cases {
		require.ElementsMatch(t, c.want, titles(f.c.Doc.Query().AllX(as(c.viewer))))
	}
}

// rel![…] (every): a doc with a "lock" note cannot be updated; post-update
// `score >= before().score` forbids lowering the score, bulk included.
func TestEveryAndPostUpdate(t *testing.T) {
	f := setup(t)
	ctx := as(f.ann)
	err := f.c.Doc.UpdateOneID(f.lockedDoc.ID).SetTitle("x").Exec(ctx)
	require.ErrorAs(t, err, new(*privacy.Error))
	require.NoError(t, f.c.Doc.UpdateOneID(f.live.ID).SetScore(3).Exec(ctx))
	err = f.c.Doc.UpdateOneID(f.live.ID).SetScore(2).Exec(ctx)
	var pe *privacy.Error
	require.ErrorAs(t, err, &pe)
	require.Contains(t, pe.Rule, "no post-update allow rule holds")
	n, err := f.c.Doc.Update().SetScore(4).Save(ctx)
	require.NoError(t, err)
	require.Equal(t, 4, n, "all of Ann's docs but the locked one (locked, and 5 > 4 would lower its score)")
	require.Equal(t, 4.0, f.c.Doc.GetX(sys, f.live.ID).Score)
}

// Create: endsWith and a float ordering on the input; a relation two hops
// away (doc.owner.level) looked up under bypass.
func TestCreateRules(t *testing.T) {
	f := setup(t)
	require.NoError(t, f.c.Doc.Create().SetTitle("a.md").SetOwner(f.ann).Exec(as(f.ann)))
	require.ErrorAs(t, f.c.Doc.Create().SetTitle("a.txt").SetOwner(f.ann).Exec(as(f.ann)), new(*privacy.Error))
	require.ErrorAs(t, f.c.Doc.Create().SetTitle("a.md").SetScore(11).SetOwner(f.ann).Exec(as(f.ann)), new(*privacy.Error))
	require.NoError(t, f.c.Note.Create().SetText("n").SetDoc(f.draft).Exec(as(f.ann)))
	bobs := f.c.Doc.Create().SetTitle("b.md").SetOwner(f.bob).SaveX(sys)
	err := f.c.Note.Create().SetText("n").SetDoc(bobs).Exec(as(f.bob))
	require.ErrorAs(t, err, new(*privacy.Error), "bob's level is 0 (doc.owner.level >= 1)")
}

// now() and a nullable time column; rel^[…] (none) on User.delete.
func TestNowAndNone(t *testing.T) {
	f := setup(t)
	ctx := as(f.ann)
	f.c.Note.Delete().ExecX(sys)
	future := f.c.Doc.UpdateOneID(f.draft.ID).SetExpiresAt(time.Now().Add(time.Hour)).SaveX(sys)
	require.ErrorAs(t, f.c.Doc.DeleteOneID(future.ID).Exec(ctx), new(*privacy.Error))
	past := f.c.Doc.UpdateOneID(f.pub.ID).SetExpiresAt(time.Now().Add(-time.Hour)).SaveX(sys)
	require.NoError(t, f.c.Doc.DeleteOneID(past.ID).Exec(ctx))
	require.NoError(t, f.c.Doc.DeleteOneID(f.live.ID).Exec(ctx), "no expiry")

	require.ErrorAs(t, f.c.User.DeleteOneID(f.ann.ID).Exec(ctx), new(*privacy.Error), "Ann still has docs")
	require.NoError(t, f.c.User.DeleteOneID(f.boss.ID).Exec(ctx), "the boss has none")
}

// Deny field rules: a banned user's name is hidden from others; level is
// not updatable below level 10.
func TestDenyFieldRules(t *testing.T) {
	f := setup(t)
	require.Equal(t, "", f.c.User.GetX(as(f.ann), f.bob.ID).Name)
	require.Equal(t, "bob", f.c.User.GetX(as(f.bob), f.bob.ID).Name)
	require.Equal(t, "ann", f.c.User.GetX(as(f.bob), f.ann.ID).Name)
	require.ErrorAs(t, f.c.User.UpdateOneID(f.ann.ID).SetLevel(9).Exec(as(f.ann)), new(*privacy.Error))
	require.NoError(t, f.c.User.UpdateOneID(f.ann.ID).SetLevel(9).Exec(as(f.boss)))
}

// POL-SEM-10: a post-update rule only the written row decides (the new
// doc's title) is checked after the write, in the transaction; its denial
// leaves the caller to roll back. Without a transaction nothing is written.
func TestPostUpdateAfterTheWrite(t *testing.T) {
	f := setup(t)
	frozen := f.c.Doc.Create().SetTitle("frozen.md").SetOwner(f.ann).SaveX(sys)
	n := f.c.Note.Create().SetText("hello").SetDoc(f.draft).SaveX(sys)
	ctx := as(f.ann)

	err := f.c.Note.UpdateOneID(n.ID).SetDoc(frozen).Exec(ctx)
	require.ErrorContains(t, err, "must run in a transaction")
	require.Equal(t, f.draft.ID, f.c.Note.GetX(sys, n.ID).DocID)

	for _, bulk := range []bool{false, true} {
		tx, err := f.c.Tx(ctx)
		require.NoError(t, err)
		if bulk {
			_, err = tx.Note.Update().Where(note.ID(n.ID)).SetDocID(frozen.ID).Save(ctx)
		} else {
			err = tx.Note.UpdateOneID(n.ID).SetDoc(frozen).Exec(ctx)
		}
		var pe *privacy.Error
		require.ErrorAs(t, err, &pe, "bulk=%v", bulk)
		require.Contains(t, pe.Rule, "doc.title == 'frozen.md'")
		require.NoError(t, tx.Rollback())
		require.Equal(t, f.draft.ID, f.c.Note.GetX(sys, n.ID).DocID, "rolled back")
	}

	// The rule holds for other docs, and for a note whose text was "x".
	tx, err := f.c.Tx(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.Note.UpdateOneID(n.ID).SetDoc(f.live).Exec(ctx))
	require.NoError(t, tx.Note.UpdateOneID(n.ID).SetText("x").Exec(ctx))
	require.NoError(t, tx.Note.UpdateOneID(n.ID).SetDoc(frozen).SetText("moved").Exec(ctx))
	require.NoError(t, tx.Commit())
	require.Equal(t, frozen.ID, f.c.Note.GetX(sys, n.ID).DocID)
}

// x in [a, b]: a column IN (…) in read rules, a Go test on auth() and on
// create input (enum values).
func TestIn(t *testing.T) {
	f := setup(t)
	f.c.Doc.Create().SetTitle("shared.md").SetOwner(f.bob).SaveX(sys)
	require.Equal(t, 1, f.c.Doc.Query().Where(doc.Title("shared.md")).CountX(as(nil)))
	require.Equal(t, 0, f.c.Doc.Query().Where(doc.Title("draft.md")).CountX(as(nil)))
	require.NoError(t, f.c.User.UpdateOneID(f.ann.ID).SetName("Ann").Exec(as(f.boss)), "level 10 in [10, 20]")
	require.ErrorAs(t, f.c.User.UpdateOneID(f.boss.ID).SetName("B").Exec(as(f.ann)), new(*privacy.Error))
	require.ErrorAs(t, f.c.Doc.Create().SetTitle("l.md").SetStatus(doc.StatusLIVE).SetOwner(f.ann).Exec(as(f.ann)), new(*privacy.Error))
}

// POL-SEM-06: an eager-loaded to-one the viewer cannot read comes back nil
// (notes are public, their draft docs are not).
func TestUnreadableToOneIsNil(t *testing.T) {
	f := setup(t)
	ns := f.c.Note.Query().WithDoc().AllX(as(f.bob))
	require.Len(t, ns, 2)
	for _, n := range ns {
		if n.DocID == f.lockedDoc.ID {
			require.Nil(t, n.Edges.Doc, "locked.md is Ann's draft")
		} else {
			require.NotNil(t, n.Edges.Doc, "pub.md is readable through its public note")
		}
	}
}
