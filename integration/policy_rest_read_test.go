package integration

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/example/server"
	"github.com/entstack/entstack/privacy"
)

// The demo data (example/server/seed.go) as the policy sees it:
// users 1 Emily (ADMIN), 2 Bob, 3 Ann; posts 1, 2 (Emily, published),
// 3 (Emily, draft), 4 (Bob, published), 5 (Bob, draft), 6 (Ann, published).
// The matrix adds comment 6 by Emily on Bob's draft 5.

// viewer is who sends a request: 0 is anonymous, else a user id.
type viewer int

const (
	anonymous viewer = 0
	emily     viewer = 1 // ADMIN
	bob       viewer = 2
	ann       viewer = 3
)

func (v viewer) String() string {
	return map[viewer]string{anonymous: "anonymous", emily: "admin", bob: "bob", ann: "ann"}[v]
}

// get sends GET path as v and decodes the JSON:API document.
func (env *blogEnv) get(t *testing.T, v viewer, path string) (int, jsonDoc) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, env.url+"/api/rest"+path, nil)
	require.NoError(t, err)
	if v != anonymous {
		tok, err := server.Token(env.secret, int(v), time.Hour)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var doc jsonDoc
	require.NoError(t, json.Unmarshal(body, &doc), "%s", body)
	return res.StatusCode, doc
}

type jsonDoc struct {
	Data     json.RawMessage `json:"data"`
	Included []jsonResource  `json:"included"`
	Meta     struct {
		Total int `json:"total"`
	} `json:"meta"`
	Errors []struct {
		Status, Code, Detail string
		Meta                 map[string]any
	} `json:"errors"`
}

type jsonResource struct {
	Type          string                     `json:"type"`
	ID            string                     `json:"id"`
	Attributes    map[string]json.RawMessage `json:"attributes"`
	Relationships map[string]struct {
		Data json.RawMessage `json:"data"`
	} `json:"relationships"`
}

// ids returns the ids of the primary data (one resource or a list).
func (d jsonDoc) ids(t *testing.T) []string {
	t.Helper()
	var list []jsonResource
	if err := json.Unmarshal(d.Data, &list); err != nil {
		var one jsonResource
		require.NoError(t, json.Unmarshal(d.Data, &one))
		list = []jsonResource{one}
	}
	out := make([]string, 0, len(list))
	for _, r := range list {
		out = append(out, r.ID)
	}
	return out
}

func (d jsonDoc) resources(t *testing.T) []jsonResource {
	t.Helper()
	var list []jsonResource
	require.NoError(t, json.Unmarshal(d.Data, &list))
	return list
}

func includedIDs(d jsonDoc, typ string) []string {
	var out []string
	for _, r := range d.Included {
		if r.Type == typ {
			out = append(out, r.ID)
		}
	}
	sort.Strings(out)
	return out
}

func addDraftComment(t *testing.T, env *blogEnv) {
	t.Helper()
	ctx := privacy.Bypass(context.Background())
	env.client.Comment.Create().SetPostID(5).SetAuthorID(1).SetContent("Emily's note on Bob's draft").SaveX(ctx)
}

// TestPolicyRESTReads: reads are filtered in SQL for every viewer, and no
// hidden row leaks through a single fetch, related or relationship
// endpoints, includes, relation filters, counts or the email field rule
// (POL-SEM-04, POL-SEM-06, POL-SEM-12, JA-FETCH-05).
func TestPolicyRESTReads(t *testing.T) {
	env := startBlog(t)
	addDraftComment(t, env)
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
				code, doc := env.get(t, v, c.path)
				if c.want == nil { // meta.total counts readable rows only
					require.Equal(t, http.StatusOK, code)
					require.Equal(t, len(all[v]), doc.Meta.Total)
					return
				}
				want, ok := c.want[v]
				if !ok {
					require.Equal(t, http.StatusNotFound, code, "a row the viewer cannot read is 404")
					return
				}
				require.Equal(t, http.StatusOK, code)
				got := doc.ids(t)
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
	env := startBlog(t)
	addDraftComment(t, env)
	for _, v := range []viewer{anonymous, bob, ann, emily} {
		t.Run(v.String(), func(t *testing.T) {
			_, doc := env.get(t, v, "/user/2?include=posts.comments")
			wantPosts := map[viewer][]string{anonymous: {"4"}, bob: {"4", "5"}, ann: {"4"}, emily: {"4", "5"}}[v]
			require.Equal(t, wantPosts, includedIDs(doc, "post"))
			wantComments := map[viewer][]string{anonymous: {"4"}, bob: {"4", "6"}, ann: {"4"}, emily: {"4"}}[v]
			require.Equal(t, wantComments, includedIDs(doc, "comment"))
			var user jsonResource
			require.NoError(t, json.Unmarshal(doc.Data, &user))
			var linkage []struct{ ID string }
			require.NoError(t, json.Unmarshal(user.Relationships["posts"].Data, &linkage))
			require.Len(t, linkage, len(wantPosts))
		})
	}
}

// TestPolicyRESTFieldRead: User.email is readable by the user itself and
// by admins only; others get the user without the attribute (omitted, not
// null), and cannot sort by it to learn the hidden order (POL-SEM-12).
func TestPolicyRESTFieldRead(t *testing.T) {
	env := startBlog(t)
	for _, v := range []viewer{anonymous, bob, ann, emily} {
		t.Run(v.String(), func(t *testing.T) {
			_, doc := env.get(t, v, "/user")
			for _, u := range doc.resources(t) {
				_, has := u.Attributes["email"]
				visible := v == emily || u.ID == map[viewer]string{bob: "2", ann: "3"}[v]
				require.Equal(t, visible, has, "user %s email visible to %s", u.ID, v)
				require.Contains(t, u.Attributes, "name")
			}
			// Emails sort emily < ann < bob? No: ann@ < bob@ < emily@ (ids 3, 2, 1).
			_, doc = env.get(t, v, "/user?sort=-email")
			got := doc.ids(t)
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
