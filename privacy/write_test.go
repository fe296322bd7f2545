package privacy_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	entprivacy "entgo.io/ent/privacy"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/ent"
	"github.com/entstack/entstack/ent/post"
	"github.com/entstack/entstack/ent/user"
	"github.com/entstack/entstack/privacy"
	"github.com/entstack/entstack/resource"
)

// outcome of a write: allowed, denied by policy (403) or not found (404).
type outcome int

const (
	allowed outcome = iota
	denied
	notFound
)

func (o outcome) check(t *testing.T, err error, model, op string) {
	t.Helper()
	switch o {
	case allowed:
		require.NoError(t, err)
	case denied:
		requireDenied(t, err, model, op)
		require.True(t, errors.Is(err, entprivacy.Deny), "wraps ent's privacy.Deny")
	case notFound:
		require.True(t, ent.IsNotFound(err), "want not found, got %v", err)
	}
}

// POL-SEM-09, POL-EXPR-14: create rules are checked against the input (and
// the rows it references) before the insert.
func TestCreate(t *testing.T) {
	type tc struct {
		name   string
		viewer func(*fixture) *ent.User
		model  string
		create func(context.Context, *fixture) error
		want   outcome
		rule   string // the deny rule named by the error
	}
	anon := func(*fixture) *ent.User { return nil }
	alice := func(f *fixture) *ent.User { return f.alice }
	bob := func(f *fixture) *ent.User { return f.bob }
	admin := func(f *fixture) *ent.User { return f.admin }
	newPost := func(author func(*fixture) *ent.User) func(context.Context, *fixture) error {
		return func(ctx context.Context, f *fixture) error {
			return f.client.Post.Create().SetTitle("new").SetAuthor(author(f)).Exec(ctx)
		}
	}
	comment := func(on func(*fixture) *ent.Post, author func(*fixture) *ent.User) func(context.Context, *fixture) error {
		return func(ctx context.Context, f *fixture) error {
			b := f.client.Comment.Create().SetContent("c").SetPostID(on(f).ID)
			if u := author(f); u != nil {
				b.SetAuthorID(u.ID)
			}
			return b.Exec(ctx)
		}
	}
	pub := func(f *fixture) *ent.Post { return f.alicePub }
	draft := func(f *fixture) *ent.Post { return f.aliceDraft }
	signup := func(role user.Role) func(context.Context, *fixture) error {
		return func(ctx context.Context, f *fixture) error {
			return f.client.User.Create().SetEmail("new@x").SetRole(role).Exec(ctx)
		}
	}
	noAdmins := `deny("create", "role == ADMIN && auth().role != ADMIN")`
	cases := []tc{
		{"post: own", bob, "Post", newPost(bob), allowed, ""},
		{"post: in another's name", bob, "Post", newPost(alice), denied, ""},
		{"post: anonymous", anon, "Post", newPost(alice), denied, ""},
		{"post: admin for another", admin, "Post", newPost(alice), allowed, ""},
		{"comment: on a published post", bob, "Comment", comment(pub, bob), allowed, ""},
		{"comment: on a draft (post.published via the FK)", alice, "Comment", comment(draft, alice), denied, ""},
		{"comment: in another's name", bob, "Comment", comment(pub, alice), denied, ""},
		{"comment: anonymous", anon, "Comment", comment(pub, anon), denied, ""},
		{"user: sign up", anon, "User", signup(user.RoleUSER), allowed, ""},
		{"user: no self-made admin", anon, "User", signup(user.RoleADMIN), denied, noAdmins},
		{"user: no admin made by a user", bob, "User", signup(user.RoleADMIN), denied, noAdmins},
		{"user: admin makes an admin", admin, "User", signup(user.RoleADMIN), allowed, ""},
		{"tag: signed in", bob, "Tag", func(ctx context.Context, f *fixture) error {
			return f.client.Tag.Create().SetName("new").Exec(ctx)
		}, allowed, ""},
		{"tag: anonymous", anon, "Tag", func(ctx context.Context, f *fixture) error {
			return f.client.Tag.Create().SetName("new").Exec(ctx)
		}, denied, ""},
		{"profile: own", bob, "Profile", func(ctx context.Context, f *fixture) error {
			return f.client.Profile.Create().SetGender("m").SetUserID(f.bob.ID).Exec(ctx)
		}, allowed, ""},
		{"profile: for another", bob, "Profile", func(ctx context.Context, f *fixture) error {
			return f.client.Profile.Create().SetGender("m").SetUserID(f.admin.ID).Exec(ctx)
		}, denied, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			err := c.create(as(c.viewer(f)), f)
			c.want.check(t, err, c.model, privacy.OpCreate)
			if c.rule != "" {
				var pe *privacy.Error
				require.ErrorAs(t, err, &pe)
				require.Equal(t, c.rule, pe.Rule)
				require.Contains(t, err.Error(), c.rule, "the message names the deny rule")
			}
		})
	}
}

// Bulk creates check every row; one bad row fails the batch.
func TestCreateBulk(t *testing.T) {
	f := setup(t)
	err := f.client.Post.CreateBulk(
		f.client.Post.Create().SetTitle("ok").SetAuthor(f.bob),
		f.client.Post.Create().SetTitle("forged").SetAuthor(f.alice),
	).Exec(as(f.bob))
	requireDenied(t, err, "Post", privacy.OpCreate)
	require.Equal(t, 3, f.client.Post.Query().CountX(sys))
}

// POL-SEM-08, POL-SEM-10: single-row updates and deletes of an unreadable
// row are not found (404); of a readable row the rules reject, a policy
// error (403).
func TestUpdateAndDeleteOne(t *testing.T) {
	type tc struct {
		viewer string
		post   func(*fixture) *ent.Post
		want   outcome
	}
	pub := func(f *fixture) *ent.Post { return f.alicePub }
	draft := func(f *fixture) *ent.Post { return f.aliceDraft }
	cases := []tc{
		{"anonymous", pub, denied},
		{"anonymous", draft, notFound},
		{"bob", pub, denied},
		{"bob", draft, notFound},
		{"alice", pub, allowed},
		{"alice", draft, allowed},
		{"admin", draft, allowed},
	}
	for _, c := range cases {
		for _, op := range []string{privacy.OpUpdate, privacy.OpDelete} {
			f0 := &fixture{alicePub: &ent.Post{ID: 1}}
			kind := "draft"
			if c.post(f0) == f0.alicePub {
				kind = "published"
			}
			t.Run(c.viewer+"/"+op+"/"+kind, func(t *testing.T) {
				f := setup(t)
				f.client.Comment.Delete().ExecX(sys) // no FK in the way of deletes
				var u *ent.User
				for _, v := range viewers {
					if v.name == c.viewer {
						u = v.user(f)
					}
				}
				p := c.post(f)
				var err error
				if op == privacy.OpUpdate {
					err = f.client.Post.UpdateOneID(p.ID).SetTitle("edited").Exec(as(u))
				} else {
					err = f.client.Post.DeleteOneID(p.ID).Exec(as(u))
				}
				c.want.check(t, err, "Post", op)
				after, gerr := f.client.Post.Get(sys, p.ID)
				switch {
				case c.want != allowed:
					require.NoError(t, gerr)
					require.Equal(t, p.Title, after.Title, "nothing changed")
				case op == privacy.OpDelete:
					require.True(t, ent.IsNotFound(gerr))
				default:
					require.Equal(t, "edited", after.Title)
				}
			})
		}
	}
}

// A policy error is what the API layer classifies as 403, with the model,
// the op and the rule (resource.PolicyError).
func TestPolicyErrorContract(t *testing.T) {
	f := setup(t)
	err := f.client.Post.UpdateOneID(f.alicePub.ID).SetAuthorID(f.bob.ID).Exec(as(f.alice))
	var pe resource.PolicyError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, "Post", pe.PolicyModel())
	require.Equal(t, "update", pe.PolicyOp())
	require.Equal(t, `deny("update", "future().authorId != authorId")`, pe.PolicyRule())
	require.Equal(t, resource.ReasonNoAccess, pe.PolicyReason())
	require.True(t, errors.Is(err, entprivacy.Deny))
	require.Contains(t, err.Error(), "update Post denied")
}

// POL-SEM-07: bulk writes silently skip the rows the rules reject.
func TestBulkWritesAreNarrowed(t *testing.T) {
	f := setup(t)
	n, err := f.client.Comment.Update().SetContent("x").Save(as(f.bob))
	require.NoError(t, err)
	require.Equal(t, 1, n, "Bob's comment")
	f.client.Comment.Delete().ExecX(sys)
	n, err = f.client.Post.Update().SetTitle("mine").Save(as(f.bob))
	require.NoError(t, err)
	require.Equal(t, 1, n, "only Bob's own post")
	n, err = f.client.Post.Update().SetTitle("x").Save(as(nil))
	require.NoError(t, err)
	require.Equal(t, 0, n)
	n, err = f.client.Post.Delete().Exec(as(f.alice))
	require.NoError(t, err)
	require.Equal(t, 2, n, "Alice's two posts")
	require.Equal(t, []int{f.bobDr.ID}, postIDs(f.client.Post.Query().AllX(sys)))
}

// POL-OP-05, POL-EXPR-10: future().authorId != authorId: authorship cannot
// move, not even by an admin (deny wins, POL-SEM-02), while other updates
// pass. Compiled to the pre-write predicate author_id <> :new, so a bulk
// update that moves authorship touches nothing.
func TestFutureRule(t *testing.T) {
	f := setup(t)
	for _, u := range []*ent.User{f.alice, f.admin} {
		err := f.client.Post.UpdateOneID(f.alicePub.ID).SetAuthorID(f.bob.ID).Exec(as(u))
		requireDenied(t, err, "Post", privacy.OpUpdate)
	}
	// Setting the same author is no move.
	require.NoError(t, f.client.Post.UpdateOneID(f.alicePub.ID).SetAuthorID(f.alice.ID).SetTitle("t").Exec(as(f.alice)))
	n, err := f.client.Post.Update().SetAuthorID(f.bob.ID).Save(as(f.admin))
	require.NoError(t, err)
	require.Equal(t, 1, n, "only Bob's own post already has author Bob")
	require.Equal(t, f.alice.ID, f.client.Post.GetX(sys, f.alicePub.ID).AuthorID)
}

// POL-SEM-10, POL-SEM-14: a denial inside a transaction leaves the caller
// to roll back, and nothing of the transaction persists.
func TestDenialRollsBackTransaction(t *testing.T) {
	f := setup(t)
	ctx := as(f.alice)
	tx, err := f.client.Tx(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.Post.UpdateOneID(f.alicePub.ID).SetTitle("first").Exec(ctx))
	err = tx.Post.UpdateOneID(f.alicePub.ID).SetAuthorID(f.bob.ID).Exec(ctx)
	requireDenied(t, err, "Post", privacy.OpUpdate)
	require.NoError(t, tx.Rollback())
	require.Equal(t, "alice published", f.client.Post.GetX(sys, f.alicePub.ID).Title)

	// Transactional clients carry the policies (same config).
	tx, err = f.client.Tx(ctx)
	require.NoError(t, err)
	require.Equal(t, 2, tx.Post.Query().CountX(as(f.bob)))
	err = tx.Post.UpdateOneID(f.alicePub.ID).SetTitle("x").Exec(as(f.bob))
	requireDenied(t, err, "Post", privacy.OpUpdate)
	require.NoError(t, tx.Rollback())
}

// POL-SEM-11: User.role is updatable by admins only; an update touching it
// is denied whole, bulk included, and names the field.
func TestFieldUpdateRule(t *testing.T) {
	f := setup(t)
	err := f.client.User.UpdateOneID(f.bob.ID).SetRole(user.RoleADMIN).SetName("Bob").Exec(as(f.bob))
	pe := requireDenied(t, err, "User", privacy.OpUpdate)
	require.Equal(t, "role", pe.Field)
	require.Nil(t, f.client.User.GetX(sys, f.bob.ID).Name, "denied whole: the name did not change either")
	_, err = f.client.User.Update().Where(user.ID(f.bob.ID)).SetRole(user.RoleADMIN).Save(as(f.bob))
	requireDenied(t, err, "User", privacy.OpUpdate)

	require.NoError(t, f.client.User.UpdateOneID(f.bob.ID).SetName("Bob").Exec(as(f.bob)), "other fields stay editable")
	require.NoError(t, f.client.User.UpdateOneID(f.bob.ID).SetRole(user.RoleADMIN).Exec(as(f.admin)))
	require.Equal(t, user.RoleADMIN, f.client.User.GetX(sys, f.bob.ID).Role)
}

// The entity a write returns is masked like a read (User.email).
func TestWriteResultIsMasked(t *testing.T) {
	f := setup(t)
	u, err := f.client.User.Create().SetEmail("carol@x").Save(as(f.bob))
	require.NoError(t, err)
	require.Equal(t, "", u.Email, "Bob may sign Carol up but not read her email")
	u, err = f.client.User.UpdateOneID(f.bob.ID).SetName("B").Save(as(f.bob))
	require.NoError(t, err)
	require.Equal(t, "bob@x", u.Email)
}

// POL-SEM-15: linking or unlinking rows from the other side of an edge is an
// update of those rows, checked against their update rule.
func TestEdgeWritesCheckTheOtherSide(t *testing.T) {
	f := setup(t)
	cases := []struct {
		name  string
		viewr func(*fixture) *ent.User
		write func(context.Context, *fixture) error
		model string // denied on this model, or "" when allowed
	}{
		{"alice takes bob's post (O2M, FK on posts)", func(f *fixture) *ent.User { return f.alice },
			func(ctx context.Context, f *fixture) error {
				return f.client.User.UpdateOneID(f.alice.ID).AddPostIDs(f.bobDr.ID).Exec(ctx)
			}, "Post"},
		{"the admin takes alice's profile (O2O, FK on profiles; Profile has no admin rule)", func(f *fixture) *ent.User { return f.admin },
			func(ctx context.Context, f *fixture) error {
				return f.client.User.UpdateOneID(f.admin.ID).SetProfileID(f.aliceProfile.ID).Exec(ctx)
			}, "Profile"},
		{"alice tags her post (M2M, tags: auth() != null)", func(f *fixture) *ent.User { return f.alice },
			func(ctx context.Context, f *fixture) error {
				return f.client.Post.UpdateOneID(f.aliceDraft.ID).AddTagIDs(f.entTag.ID).Exec(ctx)
			}, ""},
		{"bob links alice's post to a tag (M2M, other side Post)", func(f *fixture) *ent.User { return f.bob },
			func(ctx context.Context, f *fixture) error {
				return f.client.Tag.UpdateOneID(f.entTag.ID).AddPostIDs(f.alicePub.ID).Exec(ctx)
			}, "Post"},
		{"bob unlinks alice's post from a tag", func(f *fixture) *ent.User { return f.bob },
			func(ctx context.Context, f *fixture) error {
				return f.client.Tag.UpdateOneID(f.goTag.ID).RemovePostIDs(f.alicePub.ID).Exec(ctx)
			}, "Post"},
		{"bob clears the go tag's posts (Alice's)", func(f *fixture) *ent.User { return f.bob },
			func(ctx context.Context, f *fixture) error {
				return f.client.Tag.UpdateOneID(f.goTag.ID).ClearPosts().Exec(ctx)
			}, "Post"},
		{"alice clears her post's tags", func(f *fixture) *ent.User { return f.alice },
			func(ctx context.Context, f *fixture) error {
				return f.client.Post.UpdateOneID(f.alicePub.ID).ClearTags().Exec(ctx)
			}, ""},
		{"bob links his own post to a tag", func(f *fixture) *ent.User { return f.bob },
			func(ctx context.Context, f *fixture) error {
				return f.client.Tag.UpdateOneID(f.goTag.ID).AddPostIDs(f.bobDr.ID).Exec(ctx)
			}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := setup(t)
			err := c.write(as(c.viewr(f)), f)
			if c.model == "" {
				require.NoError(t, err)
				return
			}
			requireDenied(t, err, c.model, privacy.OpUpdate)
		})
	}
	require.Equal(t, f.bob.ID, f.client.Post.Query().Where(post.ID(f.bobDr.ID)).OnlyX(sys).AuthorID)
}

// The reference policy, model by model: anonymous / owner / other user /
// admin × update and delete of one row (POL-SEM-01, -02, -08).
func TestWriteMatrix(t *testing.T) {
	type row struct {
		name   string
		update func(context.Context, *fixture) error
		delete func(context.Context, *fixture) error // nil: not tested (FK children)
		want   map[string]outcome                    // by viewer name
	}
	rows := []row{
		{"User alice",
			func(ctx context.Context, f *fixture) error {
				return f.client.User.UpdateOneID(f.alice.ID).SetName("x").Exec(ctx)
			}, nil,
			map[string]outcome{"anonymous": denied, "alice": allowed, "bob": denied, "admin": allowed}},
		{"Profile of alice",
			func(ctx context.Context, f *fixture) error {
				return f.client.Profile.UpdateOneID(f.aliceProfile.ID).SetBio("x").Exec(ctx)
			},
			func(ctx context.Context, f *fixture) error {
				return f.client.Profile.DeleteOneID(f.aliceProfile.ID).Exec(ctx)
			},
			map[string]outcome{"anonymous": denied, "alice": allowed, "bob": denied, "admin": denied}},
		{"Comment of bob on a published post",
			func(ctx context.Context, f *fixture) error {
				return f.client.Comment.UpdateOneID(f.bobOnPub.ID).SetContent("x").Exec(ctx)
			},
			func(ctx context.Context, f *fixture) error {
				return f.client.Comment.DeleteOneID(f.bobOnPub.ID).Exec(ctx)
			},
			map[string]outcome{"anonymous": denied, "alice": denied, "bob": allowed, "admin": denied}},
		{"Comment of alice on her draft",
			func(ctx context.Context, f *fixture) error {
				return f.client.Comment.UpdateOneID(f.aliceOnDraft.ID).SetContent("x").Exec(ctx)
			},
			func(ctx context.Context, f *fixture) error {
				return f.client.Comment.DeleteOneID(f.aliceOnDraft.ID).Exec(ctx)
			},
			map[string]outcome{"anonymous": notFound, "alice": allowed, "bob": notFound, "admin": notFound}},
		{"Tag go",
			func(ctx context.Context, f *fixture) error {
				return f.client.Tag.UpdateOneID(f.goTag.ID).SetName("golang").Exec(ctx)
			},
			func(ctx context.Context, f *fixture) error {
				return f.client.Tag.DeleteOneID(f.goTag.ID).Exec(ctx)
			},
			map[string]outcome{"anonymous": denied, "alice": allowed, "bob": allowed, "admin": allowed}},
	}
	for _, r := range rows {
		model := r.name[:strings.IndexByte(r.name, ' ')]
		for _, v := range viewers {
			for _, op := range []string{privacy.OpUpdate, privacy.OpDelete} {
				write := r.update
				if op == privacy.OpDelete {
					write = r.delete
				}
				if write == nil {
					continue
				}
				t.Run(r.name+"/"+v.name+"/"+op, func(t *testing.T) {
					f := setup(t)
					r.want[v.name].check(t, write(as(v.user(f)), f), model, op)
				})
			}
		}
	}
}
