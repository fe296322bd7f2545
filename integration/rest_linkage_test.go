package integration

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/restapi"
)

// relLinkage is the linkage of every relationship of a resource object
// ("absent" when it carries no data).
func relLinkage(t *testing.T, r resourceObject) map[string]any {
	t.Helper()
	out := map[string]any{}
	for name, rel := range r.Relationships {
		out[name] = linkage(t, rel)
	}
	return out
}

// TestRestToOneLinkage: a to-one relationship always carries data (null or
// an identifier, JA-RES-14), both sides of a one-to-one: user.profile has
// no foreign key on the user rows, so its linkage is fetched, batched per
// document. To-many relationships carry data only when included.
func TestRestToOneLinkage(t *testing.T) {
	e := newEnv(t)
	users := e.rest(t, emily, "GET", "/user", "").ok(t).list(t)
	require.Equal(t, []string{"user:1", "user:2", "user:3"}, keys(users))
	for i, want := range []any{"profile:1", "profile:2", nil} {
		require.Equal(t, map[string]any{"profile": want, "posts": "absent", "comments": "absent"}, relLinkage(t, users[i]), keys(users)[i])
	}
	require.Nil(t, linkage(t, e.rest(t, emily, "GET", "/user/3", "").ok(t).one(t).Relationships["profile"]))
	require.Equal(t, "user:1", linkage(t, e.rest(t, emily, "GET", "/profile/1", "").ok(t).one(t).Relationships["user"]))
	require.Equal(t, map[string]any{"post": "post:4", "author": nil},
		relLinkage(t, *e.rest(t, emily, "GET", "/comment/4", "").ok(t).one(t)))

	// included resources and related resources too
	r := e.rest(t, emily, "GET", "/comment?include=author,post.author", "").ok(t)
	profiles := map[string]any{}
	for _, inc := range r.Included {
		if inc.Type == "user" {
			profiles[inc.ID] = linkage(t, inc.Relationships["profile"])
		}
	}
	require.Equal(t, map[string]any{"1": "profile:1", "2": "profile:2", "3": nil}, profiles)
	require.Equal(t, "profile:2", linkage(t, e.rest(t, emily, "GET", "/post/4/author", "").ok(t).one(t).Relationships["profile"]))
	related := e.rest(t, emily, "GET", "/post/6/comments?include=author", "").ok(t)
	require.Equal(t, "profile:2", linkage(t, related.Included[0].Relationships["profile"]))

	// a sparse fieldset that leaves the relationship out leaves the linkage out
	u := e.rest(t, emily, "GET", "/user/1?fields[user]=name", "").ok(t).one(t)
	require.Empty(t, u.Relationships)
	u = e.rest(t, emily, "GET", "/user/1?fields[user]=name,profile", "").ok(t).one(t)
	require.Equal(t, map[string]any{"profile": "profile:1"}, relLinkage(t, *u))

	// the answers of writes: the created user has no profile yet
	r = e.rest(t, system, "POST", "/user", `{"data":{"type":"user","attributes":{"email":"new@entstack.dev"}}}`).doc(t)
	require.Nil(t, linkage(t, r.one(t).Relationships["profile"]))
	r = e.rest(t, system, "PATCH", "/user/1", `{"data":{"type":"user","attributes":{"name":"Em"}}}`).ok(t)
	require.Equal(t, "profile:1", linkage(t, r.one(t).Relationships["profile"]))
}

// TestRestToManyLinkage: with Options.ToManyLinkage every resource object
// carries the ids of all its related rows, as ZenStack v3 does: one query
// per relationship and document, whatever the page size; the related rows
// the viewer cannot read are not linked.
func TestRestToManyLinkage(t *testing.T) {
	e := newEnv(t, restOnly(restapi.Options{ToManyLinkage: true}))
	users := e.rest(t, anonymous, "GET", "/user", "").ok(t).list(t)
	// anonymous: published posts only, comments on published posts only
	require.Equal(t, map[string]any{"posts": []string{"post:1", "post:2"}, "comments": []string{"comment:3"}, "profile": "profile:1"}, relLinkage(t, users[0]))
	require.Equal(t, map[string]any{"posts": []string{"post:4"}, "comments": []string{"comment:1", "comment:5"}, "profile": "profile:2"}, relLinkage(t, users[1]))
	require.Equal(t, map[string]any{"posts": []string{"post:6"}, "comments": []string{"comment:2"}, "profile": nil}, relLinkage(t, users[2]))

	posts := e.rest(t, anonymous, "GET", "/post?filter[id]=2,5", "").ok(t).list(t)
	require.Equal(t, []string{"post:2"}, keys(posts))
	require.Equal(t, map[string]any{"author": "user:1", "comments": []string{"comment:2", "comment:3"}, "tags": []string{"tag:1", "tag:2", "tag:3"}}, relLinkage(t, posts[0]))
	tag := e.rest(t, anonymous, "GET", "/tag/4", "").ok(t).one(t)
	require.Equal(t, map[string]any{"posts": []string{"post:1", "post:4"}}, relLinkage(t, *tag))
	for _, inc := range e.rest(t, anonymous, "GET", "/tag?filter[name]=news&include=posts", "").ok(t).Included {
		require.NotEqual(t, "absent", linkage(t, inc.Relationships["tags"]), inc.ID) // included resources too
	}

	// one query per relationship: the same count for one row or three
	for _, q := range []string{"/user?page[limit]=1", "/user?page[limit]=3"} { // full pages: counted
		e.sql.reset()
		e.rest(t, anonymous, "GET", q, "").ok(t)
		// total, page, profile, posts, comments
		require.Len(t, e.sql.reset(), 5, q)
	}
}
