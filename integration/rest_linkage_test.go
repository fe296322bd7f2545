package integration

import (
	"strings"
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
	a := newAPI(t)
	users := a.get(t, "/user").ok(t).list(t)
	require.Equal(t, []string{"user:1", "user:2", "user:3"}, keys(users))
	for i, want := range []any{"profile:1", "profile:2", nil} {
		require.Equal(t, map[string]any{"profile": want, "posts": "absent", "comments": "absent"}, relLinkage(t, users[i]), keys(users)[i])
	}
	require.Nil(t, linkage(t, a.get(t, "/user/3").ok(t).one(t).Relationships["profile"]))
	require.Equal(t, "user:1", linkage(t, a.get(t, "/profile/1").ok(t).one(t).Relationships["user"]))
	require.Equal(t, map[string]any{"post": "post:4", "author": nil},
		relLinkage(t, *a.get(t, "/comment/4").ok(t).one(t)))

	// included resources, related resources and write answers too
	r := a.get(t, "/comment?include=author,post.author").ok(t)
	profiles := map[string]any{}
	for _, inc := range r.doc.Included {
		if inc.Type == "user" {
			profiles[inc.ID] = linkage(t, inc.Relationships["profile"])
		}
	}
	require.Equal(t, map[string]any{"1": "profile:1", "2": "profile:2", "3": nil}, profiles)
	require.Equal(t, "profile:2", linkage(t, a.get(t, "/post/4/author").ok(t).one(t).Relationships["profile"]))
	related := a.get(t, "/post/6/comments?include=author").ok(t)
	require.Equal(t, "profile:2", linkage(t, related.doc.Included[0].Relationships["profile"]))

	// a sparse fieldset that leaves the relationship out leaves the linkage out
	u := a.get(t, "/user/1?fields[user]=name").ok(t).one(t)
	require.Empty(t, u.Relationships)
	u = a.get(t, "/user/1?fields[user]=name,profile").ok(t).one(t)
	require.Equal(t, map[string]any{"profile": "profile:1"}, relLinkage(t, *u))

	// a write's answer: the created user has no profile yet
	b := newBlog(t)
	rec := b.do("POST", "/user", `{"data":{"type":"user","attributes":{"email":"new@entstack.dev"}}}`)
	require.Equal(t, 201, rec.Code, rec.Body.String())
	var created struct{ Data resourceObject }
	require.NoError(t, jsonUnmarshal(rec.Body.Bytes(), &created))
	require.Nil(t, linkage(t, created.Data.Relationships["profile"]))
	rec = b.do("PATCH", "/user/1", `{"data":{"type":"user","attributes":{"name":"Em"}}}`)
	require.Equal(t, 200, rec.Code, rec.Body.String())
	require.NoError(t, jsonUnmarshal(rec.Body.Bytes(), &created))
	require.Equal(t, "profile:1", linkage(t, created.Data.Relationships["profile"]))
}

// TestRestToManyLinkage: with Options.ToManyLinkage every resource object
// carries the ids of all its related rows, as ZenStack v3 does: one query
// per relationship and document, whatever the page size; the related rows
// the viewer cannot read are not linked.
func TestRestToManyLinkage(t *testing.T) {
	a := anonHandlerAPI(t, restapi.Options{ToManyLinkage: true})
	users := a.anon(t, "/user").ok(t).list(t)
	// anonymous: published posts only, comments on published posts only
	require.Equal(t, map[string]any{"posts": []string{"post:1", "post:2"}, "comments": []string{"comment:3"}, "profile": "profile:1"}, relLinkage(t, users[0]))
	require.Equal(t, map[string]any{"posts": []string{"post:4"}, "comments": []string{"comment:1", "comment:5"}, "profile": "profile:2"}, relLinkage(t, users[1]))
	require.Equal(t, map[string]any{"posts": []string{"post:6"}, "comments": []string{"comment:2"}, "profile": nil}, relLinkage(t, users[2]))

	posts := a.anon(t, "/post?filter[id]=2,5").ok(t).list(t)
	require.Equal(t, []string{"post:2"}, keys(posts))
	require.Equal(t, map[string]any{"author": "user:1", "comments": []string{"comment:2", "comment:3"}, "tags": []string{"tag:1", "tag:2", "tag:3"}}, relLinkage(t, posts[0]))
	tag := a.anon(t, "/tag/4").ok(t).one(t)
	require.Equal(t, map[string]any{"posts": []string{"post:1", "post:4"}}, relLinkage(t, *tag))
	empty := a.anon(t, "/tag?filter[name]=news&include=posts").ok(t)
	for _, inc := range empty.doc.Included { // included resources too
		require.NotEqual(t, "absent", linkage(t, inc.Relationships["tags"]), inc.ID)
	}

	// one query per relationship: the same count for one row or three
	for _, q := range []string{"/user?page[limit]=1", "/user"} {
		a.sql.reset()
		a.anon(t, q).ok(t)
		stmts := a.sql.reset()
		// total, page, profile, posts, comments
		require.Len(t, stmts, 5, "%s:\n%s", q, strings.Join(stmts, "\n"))
	}
}
