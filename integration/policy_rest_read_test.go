package integration

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The demo data (example/server/seed.go) as the policy sees it:
// users 1 Emily (ADMIN), 2 Bob, 3 Ann; posts 1, 2 (Emily, published),
// 3 (Emily, draft), 4 (Bob, published), 5 (Bob, draft), 6 (Ann, published).
// The matrix adds comment 6 by Emily on Bob's draft 5.

func addDraftComment(t *testing.T, e *env) {
	t.Helper()
	e.client.Comment.Create().SetPostID(5).SetAuthorID(1).SetContent("Emily's note on Bob's draft").SaveX(e.ctx())
}

// TestPolicyRESTReads: reads are filtered in SQL for every viewer, and no
// hidden row leaks through a single fetch, related or relationship
// endpoints, includes, relation filters, counts or the email field rule
// (POL-SEM-04, POL-SEM-06, POL-SEM-12, JA-FETCH-05).
func TestPolicyRESTReads(t *testing.T) {
	e := newEnv(t)
	addDraftComment(t, e)
	all := map[viewer][]string{
		anonymous: {"1", "2", "4", "6"},
		bob:       {"1", "2", "4", "5", "6"},
		ann:       {"1", "2", "4", "6"},
		emily:     {"1", "2", "3", "4", "5", "6"},
	}
	cases := []struct {
		name string
		path string
		want map[viewer][]string // ids of the primary data; nil: 404
	}{
		{"list posts", "/post", all},
		{"count matches the list", "/post?page[limit]=1", nil},
		{"someone's draft", "/post/5", map[viewer][]string{bob: {"5"}, emily: {"5"}}},
		{"related posts of a user", "/user/2/posts", map[viewer][]string{anonymous: {"4"}, bob: {"4", "5"}, ann: {"4"}, emily: {"4", "5"}}},
		{"relationship linkage of a user", "/user/2/relationships/posts", map[viewer][]string{anonymous: {"4"}, bob: {"4", "5"}, ann: {"4"}, emily: {"4", "5"}}},
		{"many-to-many related", "/tag/2/posts", map[viewer][]string{anonymous: {"2"}, bob: {"2"}, ann: {"2"}, emily: {"2", "3"}}},
		// Comment has no admin rule: even the admin cannot read comments on drafts of others.
		{"comments follow their post", "/comment", map[viewer][]string{anonymous: {"1", "2", "3", "4", "5"}, bob: {"1", "2", "3", "4", "5", "6"}, ann: {"1", "2", "3", "4", "5"}, emily: {"1", "2", "3", "4", "5"}}},
		{"relation filter sees readable rows only", "/user?filter[posts][published]=false", map[viewer][]string{anonymous: {}, bob: {"2"}, ann: {}, emily: {"1", "2"}}},
		{"many-to-many relation filter sees readable rows only", "/tag?filter[posts][published]=false", map[viewer][]string{anonymous: {}, bob: {}, ann: {}, emily: {"2"}}},
		{"collection operator sees readable rows only", "/tag?filter[posts$has]=3", map[viewer][]string{anonymous: {}, bob: {}, ann: {}, emily: {"2"}}},
		{"filter on a hidden field matches nothing", "/user?filter[email]=bob@entstack.dev", map[viewer][]string{anonymous: {}, bob: {"2"}, ann: {}, emily: {"2"}}},
		{"a draft's comments are not reachable", "/post/5/comments", map[viewer][]string{bob: {"6"}, emily: {}}},
	}
	for _, c := range cases {
		for _, v := range []viewer{anonymous, bob, ann, emily} {
			t.Run(c.name+"/"+v.String(), func(t *testing.T) {
				r := e.rest(t, v, "GET", c.path, "")
				if c.want == nil { // meta.total counts readable rows only
					require.Equal(t, len(all[v]), r.ok(t).total(t))
					return
				}
				want, ok := c.want[v]
				if !ok {
					require.Equal(t, "not-found", r.fails(t, http.StatusNotFound).Code, "a row the viewer cannot read is 404")
					return
				}
				got := r.ok(t).ids(t)
				if !strings.Contains(c.path, "sort=") {
					sort.Strings(got)
				}
				require.Equal(t, want, got)
			})
		}
	}
}

// TestPolicyRESTIncludes: included rows are filtered by the policy of
// their own model, and linkage names only readable rows.
func TestPolicyRESTIncludes(t *testing.T) {
	e := newEnv(t)
	addDraftComment(t, e)
	for _, v := range []viewer{anonymous, bob, ann, emily} {
		t.Run(v.String(), func(t *testing.T) {
			doc := e.rest(t, v, "GET", "/user/2?include=posts.comments", "").ok(t)
			wantPosts := map[viewer][]string{anonymous: {"4"}, bob: {"4", "5"}, ann: {"4"}, emily: {"4", "5"}}[v]
			require.Equal(t, wantPosts, doc.includedIDs("post"))
			wantComments := map[viewer][]string{anonymous: {"4"}, bob: {"4", "6"}, ann: {"4"}, emily: {"4"}}[v]
			require.Equal(t, wantComments, doc.includedIDs("comment"))
			user := doc.one(t)
			wantLinkage := []string{}
			for _, id := range wantPosts {
				wantLinkage = append(wantLinkage, "post:"+id)
			}
			got, _ := linkage(t, user.Relationships["posts"]).([]string)
			require.Equal(t, wantLinkage, sorted(got))
		})
	}
}

// TestPolicyRESTFieldRead: User.email is readable by the user itself and
// by admins only; others get the user without the attribute (omitted, not
// null), and cannot sort by it to learn the hidden order (POL-SEM-12).
func TestPolicyRESTFieldRead(t *testing.T) {
	e := newEnv(t)
	for _, v := range []viewer{anonymous, bob, ann, emily} {
		t.Run(v.String(), func(t *testing.T) {
			doc := e.rest(t, v, "GET", "/user", "").ok(t)
			for _, u := range doc.list(t) {
				_, has := u.Attributes["email"]
				visible := v == emily || u.ID == map[viewer]string{bob: "2", ann: "3"}[v]
				require.Equal(t, visible, has, "user %s email visible to %s", u.ID, v)
				require.Contains(t, u.Attributes, "name")
			}
			// Emails sort emily < ann < bob? No: ann@ < bob@ < emily@ (ids 3, 2, 1).
			got := e.rest(t, v, "GET", "/user?sort=-email", "").ok(t).ids(t)
			if v == emily {
				require.Equal(t, []string{"1", "2", "3"}, got)
			} else {
				// Hidden emails sort as NULL (last when descending), ties by id DESC.
				require.Len(t, got, 3)
				own := map[viewer]string{bob: "2", ann: "3"}[v]
				if own != "" {
					require.Equal(t, own, got[0], "the viewer's own email is the only non-null key")
				} else {
					require.Equal(t, []string{"3", "2", "1"}, got)
				}
			}
		})
	}
}
