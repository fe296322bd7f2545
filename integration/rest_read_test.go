package integration

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// The demo data of example/server/seed.go, as these tests rely on it:
//
//	users    1 Emily ADMIN (profile 1), 2 Bob (profile 2), 3 Ann (no name, no profile)
//	tags     1 go, 2 ent, 3 api, 4 news
//	posts    id author published views rating tags      createdAt (2026-01-0N 09:00Z)
//	         1  Emily  true      120   4.5    news      N=2
//	         2  Emily  true      340   4.8    go,ent,api N=3
//	         3  Emily  false     0     null   ent       N=4
//	         4  Bob    true      15    3.9    news      N=5
//	         5  Bob    false     2     null   -         N=6
//	         6  Ann    true      87    4.1    go,api    N=7
//	comments 1 on post 1 by Bob, 2 on 2 by Ann, 3 on 2 by Emily, 4 on 4 anonymous, 5 on 6 by Bob

// TestRestCollections runs the listing, filtering, sorting and pagination
// examples of the ZenStack handler's documentation on the demo data, on
// collections, related collections and relationship collections. The order
// of the rows and meta.total are exact (JA-SORT-04: primary key by default).
func TestRestCollections(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, path string
		want       []string
		total      int
	}{
		// JA-FETCH-03: listing
		{"list", "/post", []string{"post:1", "post:2", "post:3", "post:4", "post:5", "post:6"}, 6},
		{"list users", "/user", []string{"user:1", "user:2", "user:3"}, 3},
		{"list tags", "/tag", []string{"tag:1", "tag:2", "tag:3", "tag:4"}, 4},
		// JA-FILT-01: the filtering examples
		{"equality", "/post?filter[published]=false", []string{"post:3", "post:5"}, 2},
		{"relationship id", "/post?filter[author]=1", []string{"post:1", "post:2", "post:3"}, 3},
		{"to-many relationship id: some", "/user?filter[posts]=4", []string{"user:2"}, 1},
		{"comma = OR", "/post?filter[author]=2,3", []string{"post:4", "post:5", "post:6"}, 3},
		{"doc: filter[posts]=1", "/user?filter[posts]=1", []string{"user:1"}, 1},
		{"doc: filter[author]=1,2", "/post?filter[author]=1,2", []string{"post:1", "post:2", "post:3", "post:4", "post:5"}, 5},
		{"doc: filter[posts][published]=true", "/user?filter[posts][published]=true", []string{"user:1", "user:2", "user:3"}, 3},
		{"several filters = AND", "/post?filter[author]=1&filter[published]=true", []string{"post:1", "post:2"}, 2},
		{"deep filter", "/post?filter[author][name]=Emily", []string{"post:1", "post:2", "post:3"}, 3},
		{"deep to-many filter: some", "/user?filter[posts][published]=false", []string{"user:1", "user:2"}, 2},
		{"two levels deep", "/post?filter[comments][author][name]=Bob", []string{"post:1", "post:6"}, 2},
		{"m2m attribute", "/post?filter[tags][name]=news", []string{"post:1", "post:4"}, 2},
		{"deep relationship id", "/comment?filter[post][author]=2", []string{"comment:4"}, 1},
		{"deep null relationship", "/post?filter[comments][author]=null", []string{"post:4"}, 1},
		{"o2o from the side without the FK", "/user?filter[profile][gender]=male", []string{"user:2"}, 1},
		{"o2o from the side with the FK", "/profile?filter[user][role]=ADMIN", []string{"profile:1"}, 1},
		{"o2o by id", "/user?filter[profile]=2", []string{"user:2"}, 1},
		{"m2m then to-one", "/tag?filter[posts][author][email]=ann@entstack.dev", []string{"tag:1", "tag:3"}, 2},
		{"to-many then m2m", "/user?filter[posts][tags][name]=ent", []string{"user:1"}, 1},
		{"FK attribute", "/comment?filter[postId]=2", []string{"comment:2", "comment:3"}, 2},
		{"nullable FK attribute null", "/comment?filter[authorId]=null", []string{"comment:4"}, 1},
		{"id list", "/post?filter[id]=6,1,3", []string{"post:1", "post:3", "post:6"}, 3},
		{"enum", "/user?filter[role]=ADMIN", []string{"user:1"}, 1},
		{"null attribute", "/user?filter[name]=null", []string{"user:3"}, 1},
		{"null float", "/post?filter[rating]=null", []string{"post:3", "post:5"}, 2},
		{"null or value", "/post?filter[rating]=null,4.5", []string{"post:1", "post:3", "post:5"}, 3},
		{"empty to-one (FK here)", "/comment?filter[author]=null", []string{"comment:4"}, 1},
		{"empty to-one (FK there)", "/user?filter[profile]=null", []string{"user:3"}, 1},
		{"time equality", "/post?filter[createdAt]=2026-01-05T09:00:00Z", []string{"post:4"}, 1},
		{"time with an offset", "/post?filter[createdAt]=2026-01-05T11:00:00%2B02:00", []string{"post:4"}, 1},
		{"$gte time with an offset", "/post?filter[createdAt$gte]=2026-01-06T10:00:00%2B01:00", []string{"post:5", "post:6"}, 2},
		{"$lte time with fractions", "/post?filter[createdAt$lte]=2026-01-03T09:00:00.000Z", []string{"post:1", "post:2"}, 2},
		{"int list", "/post?filter[viewCount]=0,2,15", []string{"post:3", "post:4", "post:5"}, 3},
		{"nothing matches", "/post?filter[title]=nope", []string{}, 0},
		// operators
		{"$gt", "/post?filter[viewCount$gt]=100", []string{"post:1", "post:2"}, 2},
		{"$gte", "/post?filter[viewCount$gte]=120", []string{"post:1", "post:2"}, 2},
		{"$lt", "/post?filter[viewCount$lt]=15", []string{"post:3", "post:5"}, 2},
		{"$lte", "/post?filter[viewCount$lte]=15", []string{"post:3", "post:4", "post:5"}, 3},
		{"$gte float", "/post?filter[rating$gte]=4.5", []string{"post:1", "post:2"}, 2},
		{"$lt time", "/post?filter[createdAt$lt]=2026-01-04T09:00:00Z", []string{"post:1", "post:2"}, 2},
		{"$gte date", "/post?filter[createdAt$gte]=2026-01-06", []string{"post:5", "post:6"}, 2},
		{"range = AND of two filters", "/post?filter[viewCount$gt]=10&filter[viewCount$lt]=200", []string{"post:1", "post:4", "post:6"}, 3},
		{"$contains is case-sensitive", "/post?filter[title$contains]=draft", []string{"post:5"}, 1},
		{"$icontains", "/post?filter[title$icontains]=DRAFT", []string{"post:3", "post:5"}, 2},
		{"$startsWith", "/post?filter[title$startsWith]=My", []string{"post:4"}, 1},
		{"$startsWith is case-sensitive", "/post?filter[title$startsWith]=my", []string{}, 0},
		{"$endsWith", "/post?filter[title$endsWith]=draft", []string{"post:5"}, 1},
		{"$contains comma = OR", "/post?filter[title$contains]=Go,Bob", []string{"post:5", "post:6"}, 2},
		{"$contains with LIKE wildcards", "/post?filter[title$contains]=%25", []string{}, 0},
		{"$search: every term, any case", "/post?filter[title$search]=ENT%20blog", []string{"post:1"}, 1},
		{"$has", "/post?filter[tags$has]=1", []string{"post:2", "post:6"}, 2},
		{"$hasSome", "/post?filter[tags$hasSome]=1,4", []string{"post:1", "post:2", "post:4", "post:6"}, 4},
		{"$hasEvery", "/post?filter[tags$hasEvery]=1,3", []string{"post:2", "post:6"}, 2},
		{"$hasEvery none", "/post?filter[tags$hasEvery]=2,4", []string{}, 0},
		{"$isEmpty true", "/post?filter[tags$isEmpty]=true", []string{"post:5"}, 1},
		{"$isEmpty false", "/user?filter[comments$isEmpty]=false", []string{"user:1", "user:2", "user:3"}, 3},
		{"$isEmpty on reverse m2m", "/tag?filter[posts$isEmpty]=false&filter[posts][published]=false", []string{"tag:2"}, 1},
		// JA-SORT-01, JA-SORT-02
		{"sort example", "/post?sort=createdAt,-viewCount", []string{"post:1", "post:2", "post:3", "post:4", "post:5", "post:6"}, 6},
		{"sort descending", "/post?sort=-viewCount", []string{"post:2", "post:1", "post:6", "post:4", "post:5", "post:3"}, 6},
		{"sort several fields", "/post?sort=published,-viewCount", []string{"post:5", "post:3", "post:2", "post:1", "post:6", "post:4"}, 6},
		{"sort by relationship field", "/post?sort=author.email,id", []string{"post:6", "post:4", "post:5", "post:1", "post:2", "post:3"}, 6},
		{"sort by deep relationship field", "/comment?sort=-post.viewCount,id", []string{"comment:2", "comment:3", "comment:1", "comment:5", "comment:4"}, 5},
		// ZenStack: a to-one relationship sorts by the related id (an empty
		// one first, descending last, on every database)
		{"sort by a to-one relationship", "/post?sort=-author,id", []string{"post:6", "post:4", "post:5", "post:1", "post:2", "post:3"}, 6},
		{"sort by an optional to-one", "/comment?sort=author,id", []string{"comment:4", "comment:3", "comment:1", "comment:5", "comment:2"}, 5},
		{"sort by an optional to-one, descending", "/comment?sort=-author,id", []string{"comment:2", "comment:1", "comment:5", "comment:3", "comment:4"}, 5},
		{"sort by the non-owning side of a one-to-one", "/user?sort=-profile", []string{"user:2", "user:1", "user:3"}, 3},
		{"sort by a to-one after a hop", "/comment?sort=-post.author,id", []string{"comment:5", "comment:4", "comment:1", "comment:2", "comment:3"}, 5},
		{"sort by id descending", "/tag?sort=-id", []string{"tag:4", "tag:3", "tag:2", "tag:1"}, 4},
		{"sort by string", "/tag?sort=name", []string{"tag:3", "tag:2", "tag:1", "tag:4"}, 4},
		{"filter and sort", "/post?filter[published]=true&sort=-rating", []string{"post:2", "post:1", "post:6", "post:4"}, 4},
		// pagination
		{"page", "/post?page[offset]=2&page[limit]=2", []string{"post:3", "post:4"}, 6},
		{"last short page", "/post?page[offset]=4&page[limit]=4", []string{"post:5", "post:6"}, 6},
		{"page beyond the end", "/post?page[offset]=10&page[limit]=5", []string{}, 6},
		{"page of a sorted filtered list", "/post?filter[published]=true&sort=-viewCount&page[limit]=2", []string{"post:2", "post:1"}, 4},
		// related collections (JA-FETCH-01: related links)
		{"related", "/user/1/posts", []string{"post:1", "post:2", "post:3"}, 3},
		{"related page", "/user/1/posts?page[offset]=1&page[limit]=1", []string{"post:2"}, 3},
		{"related filtered and sorted", "/user/1/posts?filter[published]=true&sort=-viewCount", []string{"post:2", "post:1"}, 2},
		{"doc: related page", "/user/1/posts?page[offset]=10&page[limit]=5", []string{}, 3},
		{"related m2m", "/post/2/tags", []string{"tag:1", "tag:2", "tag:3"}, 3},
		{"related reverse m2m", "/tag/1/posts", []string{"post:2", "post:6"}, 2},
		{"related empty", "/post/5/comments", []string{}, 0},
		{"related of user without name", "/user/3/comments", []string{"comment:2"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			require.Equal(t, tt.want, keys(r.list(t)))
			require.Equal(t, map[string]any{"total": float64(tt.total)}, r.Meta)
			require.NotContains(t, r.raw, "included") // JA-INC-04
		})
	}

	// JA-FETCH-07: relationship collections are linkage, paged the same way.
	rels := []struct {
		name, path string
		want       []string
		total      int
	}{
		{"relationship", "/user/1/relationships/posts", []string{"post:1", "post:2", "post:3"}, 3},
		{"relationship page", "/user/1/relationships/posts?page[offset]=1&page[limit]=1", []string{"post:2"}, 3},
		{"relationship sorted", "/post/2/relationships/tags?sort=name", []string{"tag:3", "tag:2", "tag:1"}, 3},
		{"relationship filtered", "/post/2/relationships/comments?filter[author]=1", []string{"comment:3"}, 1},
		{"doc: relationship page", "/user/1/relationships/posts?page[offset]=10&page[limit]=5", []string{}, 3},
		{"empty relationship", "/post/5/relationships/tags", []string{}, 0},
	}
	for _, tt := range rels {
		t.Run(tt.name, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			var ids []identifier
			require.NoError(t, json.Unmarshal(r.Data, &ids))
			got := []string{}
			for _, id := range ids {
				got = append(got, id.Type+":"+id.ID)
			}
			require.Equal(t, tt.want, got)
			// identifiers only: no attributes sneak in
			require.NotContains(t, string(r.Data), "attributes")
			require.Equal(t, map[string]any{"total": float64(tt.total)}, r.Meta)
		})
	}
}

// TestRestResourceObject checks one full resource object of a list, byte
// for byte where it matters: string ids (JA-RES-03), attributes with their
// JSON types, relationship links (related link is /post/4/author, JSON:API
// style), to-one linkage from the foreign key, the resource's self link.
func TestRestResourceObject(t *testing.T) {
	e := newEnv(t)
	r := e.rest(t, emily, "GET", "/post?filter[id]=4", "").ok(t)
	list := r.list(t)
	require.Len(t, list, 1)
	p := list[0]
	require.Equal(t, "post", p.Type)
	require.Equal(t, "4", p.ID)
	require.Equal(t, map[string]any{
		"title":     "My first post",
		"content":   `Content of "My first post".`,
		"published": true,
		"viewCount": float64(15),
		"rating":    3.9,
		"createdAt": "2026-01-05T09:00:00Z",
		"authorId":  float64(2),
	}, p.Attributes)
	require.Equal(t, map[string]string{"self": restBase + "/post/4"}, p.Links)
	require.Equal(t, []string{"author", "comments", "tags"}, sorted(mapKeys(p.Relationships)))
	for name, rel := range p.Relationships {
		require.Equal(t, map[string]string{
			"self":    restBase + "/post/4/relationships/" + name,
			"related": restBase + "/post/4/" + name,
		}, rel.Links, name)
	}
	require.Equal(t, "user:2", linkage(t, p.Relationships["author"]))
	require.Equal(t, "absent", linkage(t, p.Relationships["comments"]))
	require.Equal(t, "absent", linkage(t, p.Relationships["tags"]))
	require.Equal(t, map[string]any{"total": float64(1)}, r.Meta)

	// a nullable to-one: null linkage from the NULL foreign key (JA-RES-14)
	c := e.rest(t, emily, "GET", "/comment/4", "").ok(t).one(t)
	require.Nil(t, linkage(t, c.Relationships["author"]))
	require.Equal(t, map[string]any{"content": "Nice one (anonymous).", "postId": float64(4), "authorId": nil}, c.Attributes)
}

// TestRestFetch: GET /:type/:id (JA-FETCH-02, JA-FETCH-04).
func TestRestFetch(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path  string
		key   string
		attrs map[string]any
	}{
		{"/post/1", "post:1", map[string]any{"title": "Welcome to the entstack blog", "content": `Content of "Welcome to the entstack blog".`, "published": true, "viewCount": float64(120), "rating": 4.5, "createdAt": "2026-01-02T09:00:00Z", "authorId": float64(1)}},
		{"/post/3", "post:3", map[string]any{"title": "Draft: access policies", "content": `Content of "Draft: access policies".`, "published": false, "viewCount": float64(0), "rating": nil, "createdAt": "2026-01-04T09:00:00Z", "authorId": float64(1)}},
		{"/user/3", "user:3", map[string]any{"email": "ann@entstack.dev", "name": nil, "role": "USER", "createdAt": "2026-01-01T11:00:00Z"}},
		{"/profile/1", "profile:1", map[string]any{"gender": "female", "bio": "Writes the blog.", "userId": float64(1)}},
		{"/tag/4", "tag:4", map[string]any{"name": "news"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			o := r.one(t)
			require.NotNil(t, o)
			require.Equal(t, tt.key, o.Type+":"+o.ID)
			require.Equal(t, tt.attrs, o.Attributes)
			require.Equal(t, map[string]string{"self": restBase + tt.path}, o.Links)
			require.Equal(t, map[string]*string{"self": ptr(restBase + tt.path)}, r.Links)
			require.NotContains(t, r.raw, "meta")
		})
	}
	t.Run("self link keeps the query", func(t *testing.T) {
		r := e.rest(t, emily, "GET", "/post/2?fields[post]=title", "").ok(t)
		require.Equal(t, restBase+"/post/2?fields[post]=title", *r.Links["self"])
	})
}

// TestRestRelated: GET /:type/:id/:rel; an empty to-one is 200 with data
// null (JA-FETCH-04).
func TestRestRelated(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path, want string // want "" = null
	}{
		{"/post/1/author", "user:1"},
		{"/post/4/author", "user:2"},
		{"/comment/3/post", "post:2"},
		{"/user/2/profile", "profile:2"},
		{"/profile/1/user", "user:1"},
		{"/user/3/profile", ""},
		{"/comment/4/author", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			require.Equal(t, map[string]*string{"self": ptr(restBase + tt.path)}, r.Links)
			o := r.one(t)
			if tt.want == "" {
				require.Nil(t, o)
				return
			}
			require.NotNil(t, o)
			require.Equal(t, tt.want, o.Type+":"+o.ID)
			require.Equal(t, restBase+"/"+o.Type+"/"+o.ID, o.Links["self"])
		})
	}
	t.Run("the documentation's example", func(t *testing.T) {
		o := e.rest(t, emily, "GET", "/post/1/author", "").ok(t).one(t)
		require.Equal(t, map[string]any{"email": "emily@entstack.dev", "name": "Emily", "role": "ADMIN", "createdAt": "2026-01-01T09:00:00Z"}, o.Attributes)
		require.Equal(t, []string{"comments", "posts", "profile"}, sorted(mapKeys(o.Relationships)))
		require.Equal(t, map[string]string{"self": restBase + "/user/1/relationships/posts", "related": restBase + "/user/1/posts"}, o.Relationships["posts"].Links)
	})
}

// TestRestRelationships: GET /:type/:id/relationships/:rel returns linkage
// (JA-FETCH-07); an empty to-one is null and an empty to-many [] (JA-FETCH-08).
func TestRestRelationships(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		path string
		want any
	}{
		{"/post/1/relationships/author", "user:1"},
		{"/comment/2/relationships/author", "user:3"},
		{"/user/1/relationships/profile", "profile:1"},
		{"/profile/2/relationships/user", "user:2"},
		{"/user/3/relationships/profile", nil},
		{"/comment/4/relationships/author", nil},
		{"/user/1/relationships/posts", []string{"post:1", "post:2", "post:3"}},
		{"/post/2/relationships/comments", []string{"comment:2", "comment:3"}},
		{"/post/6/relationships/tags", []string{"tag:1", "tag:3"}},
		{"/tag/2/relationships/posts", []string{"post:2", "post:3"}},
		{"/post/5/relationships/tags", []string{}},
		{"/user/3/relationships/posts", []string{"post:6"}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			require.Equal(t, tt.want, linkage(t, relationship{Data: r.Data}))
			require.Equal(t, restBase+tt.path, *r.Links["self"])
			require.NotContains(t, string(r.Data), "attributes")
			if _, many := tt.want.([]string); !many {
				require.Equal(t, map[string]*string{"self": ptr(restBase + tt.path)}, r.Links)
				require.NotContains(t, r.raw, "meta")
			}
		})
	}
}

// TestRestPaginationLinks: JA-PAGE-02/03/04, first/last/prev/next keep
// every other query parameter (filter, sort, include, fields), and
// following them walks the collection.
func TestRestPaginationLinks(t *testing.T) {
	e := newEnv(t)
	type page struct{ offset, limit int }
	tests := []struct {
		name, path, target string
		keep               url.Values
		first, last        page
		prev, next         *page
	}{
		{
			name: "middle page of a filtered sorted list", path: "/post?filter[published]=true&sort=-viewCount&page[offset]=1&page[limit]=2",
			target: restBase + "/post", keep: url.Values{"filter[published]": {"true"}, "sort": {"-viewCount"}},
			first: page{0, 2}, last: page{2, 2}, prev: &page{0, 2}, next: &page{3, 2},
		},
		{
			name: "first page", path: "/post?page[limit]=4&include=author&fields[post]=title",
			target: restBase + "/post", keep: url.Values{"include": {"author"}, "fields[post]": {"title"}},
			first: page{0, 4}, last: page{4, 4}, next: &page{4, 4},
		},
		{
			name: "last page", path: "/post?page[offset]=4&page[limit]=2&filter[author]=1,2,3",
			target: restBase + "/post", keep: url.Values{"filter[author]": {"1,2,3"}},
			first: page{0, 2}, last: page{4, 2}, prev: &page{2, 2},
		},
		{
			// prev of a page past the end is the last page, not offset-limit
			name: "page past the end", path: "/post?page[offset]=100&page[limit]=4",
			target: restBase + "/post", keep: url.Values{},
			first: page{0, 4}, last: page{4, 4}, prev: &page{4, 4},
		},
		{
			// offset+limit must not overflow into a bogus next link
			name: "largest offset", path: "/post?page[offset]=9223372036854775807&page[limit]=4",
			target: restBase + "/post", keep: url.Values{},
			first: page{0, 4}, last: page{4, 4}, prev: &page{4, 4},
		},
		{
			name: "default page size", path: "/post?sort=title",
			target: restBase + "/post", keep: url.Values{"sort": {"title"}},
			first: page{0, 100}, last: page{0, 100},
		},
		{
			name: "empty collection", path: "/post?filter[title]=nope",
			target: restBase + "/post", keep: url.Values{"filter[title]": {"nope"}},
			first: page{0, 100}, last: page{0, 100},
		},
		{
			name: "related collection", path: "/user/1/posts?sort=-id&page[limit]=1&page[offset]=1",
			target: restBase + "/user/1/posts", keep: url.Values{"sort": {"-id"}},
			first: page{0, 1}, last: page{2, 1}, prev: &page{0, 1}, next: &page{2, 1},
		},
		{
			name: "relationship collection", path: "/user/1/relationships/posts?page[limit]=2",
			target: restBase + "/user/1/relationships/posts", keep: url.Values{},
			first: page{0, 2}, last: page{2, 2}, next: &page{2, 2},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			require.Equal(t, []string{"first", "last", "next", "prev", "self"}, sorted(mapKeys(r.Links)))
			// self reproduces the request's query (JA-DOC-05)
			selfTarget, selfQ := queryOf(t, *r.Links["self"])
			require.Equal(t, tt.target, selfTarget)
			_, reqQ := queryOf(t, restBase+tt.path)
			require.Equal(t, reqQ, selfQ)
			check := func(name string, want *page) {
				t.Helper()
				link := r.Links[name]
				if want == nil {
					require.Nil(t, link, "%s link", name)
					return
				}
				require.NotNil(t, link, "%s link", name)
				target, q := queryOf(t, *link)
				require.Equal(t, tt.target, target, name)
				wantQ := url.Values{}
				for k, v := range tt.keep {
					wantQ[k] = v
				}
				wantQ.Set("page[offset]", strconv.Itoa(want.offset))
				wantQ.Set("page[limit]", strconv.Itoa(want.limit))
				require.Equal(t, wantQ, q, "%s link %s", name, *link)
			}
			check("first", &tt.first)
			check("last", &tt.last)
			check("prev", tt.prev)
			check("next", tt.next)
		})
	}

	t.Run("following next walks the whole collection once", func(t *testing.T) {
		var seen []string
		link := restBase + "/post?sort=-viewCount&filter[published]=true&page[limit]=3"
		for i := 0; link != "" && i < 10; i++ {
			r := e.rest(t, emily, "GET", link, "").ok(t)
			seen = append(seen, keys(r.list(t))...)
			link = ""
			if n := r.Links["next"]; n != nil {
				link = *n
			}
		}
		require.Equal(t, []string{"post:2", "post:1", "post:6", "post:4"}, seen)
	})
}

// TestRestErrors: every malformed or impossible read is a JSON:API error
// document (JA-ERR-02) with status as a string (JA-ERR-05), code, title,
// detail and source.parameter for query parameters (JA-ERR-07).
func TestRestErrors(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, path string
		status     int
		code, fine string // ZenStack's REST code, the runtime's (meta.errorCode)
		param      string // "" = no source
		detail     string
	}{
		// 400: query parameters (JA-QP-04, JA-SORT-03, JA-INC-06)
		{"unknown filter field", "/post?filter[nope]=1", 400, "invalid-filter", "invalid-parameter", "filter[nope]", `post has no attribute or relationship "nope"`},
		{"unknown deep filter field", "/post?filter[author][nope]=1", 400, "invalid-filter", "invalid-parameter", "filter[author][nope]", `user has no attribute or relationship "nope"`},
		{"unknown filter operator", "/post?filter[viewCount$near]=1,5", 400, "invalid-filter", "unknown-operator", "filter[viewCount$near]", `unknown filter operator "$near"`},
		{"operator on the wrong type", "/post?filter[published$gt]=true", 400, "invalid-filter", "unknown-operator", "filter[published$gt]", "does not apply to boolean attribute"},
		{"bad filter value", "/post?filter[viewCount]=lots", 400, "invalid-value", "", "filter[viewCount]", `"lots" is not a valid value for viewCount`},
		{"bad enum value", "/user?filter[role]=ROOT", 400, "invalid-value", "", "filter[role]", `"ROOT" is not a value of role`},
		{"unknown sort field", "/post?sort=-nope", 400, "invalid-sort", "invalid-parameter", "sort", `post has no attribute "nope"`},
		{"sort by to-many", "/post?sort=comments.content", 400, "invalid-sort", "invalid-parameter", "sort", `"comments" is a to-many relationship`},
		{"sort by a to-many relationship", "/post?sort=-tags", 400, "invalid-sort", "invalid-parameter", "sort", `"tags" is a to-many relationship`},
		{"unknown include", "/post?include=author,writer", 400, "unsupported-relationship", "", "include", `post has no relationship "writer"`},
		{"include too deep", "/user?include=posts.comments.post.author.profile", 400, "invalid-value", "invalid-parameter", "include", "deeper than 4"},
		{"negative offset", "/post?page[offset]=-1", 400, "invalid-value", "invalid-parameter", "page[offset]", "non-negative integer"},
		{"non-numeric limit", "/post?page[limit]=ten", 400, "invalid-value", "invalid-parameter", "page[limit]", `got "ten"`},
		{"zero limit", "/post?page[limit]=0", 400, "invalid-value", "invalid-parameter", "page[limit]", "at least 1"},
		{"unknown page key", "/post?page[size]=1", 400, "invalid-value", "invalid-parameter", "page[size]", "unknown page parameter"},
		{"unknown fields type", "/post?fields[article]=title", 400, "unsupported-model", "", "fields[article]", `unknown resource type "article"`},
		{"unknown field in fields", "/post?fields[post]=title,nope", 400, "invalid-value", "invalid-parameter", "fields[post]", `post has no field "nope"`},
		{"duplicated fields", "/post?fields[post]=title&fields[post]=content", 400, "duplicated-fields-parameter", "", "fields[post]", "given 2 times"},
		{"unknown parameter family", "/post?foo=1", 400, "invalid-value", "invalid-parameter", "foo", `unknown query parameter "foo"`},
		{"unknown parameter on a resource", "/post/1?withCount=true", 400, "invalid-value", "invalid-parameter", "withCount", "unknown query parameter"},
		{"filter on a single resource", "/post/1?filter[title]=x", 400, "invalid-filter", "invalid-parameter", "filter[title]", "collections only"},
		{"sort on a to-one related resource", "/post/1/author?sort=name", 400, "invalid-sort", "invalid-parameter", "sort", "collections only"},
		{"bad filter on a related collection", "/user/1/posts?filter[nope]=1", 400, "invalid-filter", "invalid-parameter", "filter[nope]", "no attribute or relationship"},
		{"bad sort on a relationship", "/user/1/relationships/posts?sort=nope", 400, "invalid-sort", "invalid-parameter", "sort", `post has no attribute "nope"`},
		// 404 (JA-FETCH-05, JA-FETCH-08); 400 for a path that names no
		// endpoint and an id that cannot be one (ZenStack's invalid-path,
		// invalid-id)
		{"unknown type", "/article", 404, "unsupported-model", "", "", `unknown resource type "article"`},
		{"unknown type with id", "/article/1", 404, "unsupported-model", "", "", `unknown resource type "article"`},
		{"unknown id", "/post/99", 404, "not-found", "", "", `post "99" not found`},
		{"malformed id", "/post/abc", 400, "invalid-id", "", "", `"abc" is not a valid post id`},
		{"unknown relationship", "/post/1/writer", 404, "unsupported-relationship", "", "", `post has no relationship "writer"`},
		{"unknown relationship endpoint", "/post/1/relationships/writer", 404, "unsupported-relationship", "", "", `post has no relationship "writer"`},
		{"related of an unknown id", "/post/99/author", 404, "not-found", "", "", `post "99" not found`},
		{"related collection of an unknown id", "/user/99/posts", 404, "not-found", "", "", `user "99" not found`},
		{"relationship of an unknown id", "/post/99/relationships/comments", 404, "not-found", "", "", `post "99" not found`},
		{"to-one relationship of an unknown id", "/user/99/relationships/profile", 404, "not-found", "", "", `user "99" not found`},
		{"not a relationships path", "/post/1/links/author", 400, "invalid-path", "", "", "no such endpoint"},
		{"too long a path", "/post/1/relationships/author/1", 400, "invalid-path", "", "", "no such endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := e.rest(t, emily, "GET", tt.path, "").fails(t, tt.status)
			require.Equal(t, tt.code, e.Code)
			require.Equal(t, restTitles[tt.code], e.Title)
			if tt.fine == "" {
				require.Nil(t, e.Meta)
			} else {
				require.Equal(t, map[string]any{"errorCode": tt.fine}, e.Meta)
			}
			require.Contains(t, e.Detail, tt.detail)
			if tt.param == "" {
				require.Nil(t, e.Source)
			} else {
				require.Equal(t, map[string]string{"parameter": tt.param}, e.Source)
			}
		})
	}
}

// TestRestNegotiation: JA-CN-01 (Content-Type on every response, checked by
// every request of these tests), JA-CN-06/07 (406).
func TestRestNegotiation(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		accept string
		status int
	}{
		{"", http.StatusOK},
		{"application/vnd.api+json", http.StatusOK},
		{"application/json", http.StatusOK},
		{"*/*", http.StatusOK},
		{"text/html, application/vnd.api+json;q=0.5", http.StatusOK},
		{`application/vnd.api+json; profile="https://example.com/p"`, http.StatusOK},
		{"text/html", http.StatusNotAcceptable},
		{"application/xml, text/plain", http.StatusNotAcceptable},
		{"application/vnd.api+json; charset=utf-8", http.StatusNotAcceptable},
		{`application/vnd.api+json; ext="https://jsonapi.org/ext/unknown"`, http.StatusNotAcceptable},
		{"application/vnd.api+json;q=0", http.StatusNotAcceptable},
		{"text/html, */*;q=0.1", http.StatusOK},
		{"application/vnd.api+json; charset=utf-8, application/vnd.api+json", http.StatusOK},
		// JA-CN-06/07: when every JSON:API instance is ruled out, a wildcard
		// does not rescue the request
		{"application/vnd.api+json; charset=utf-8, */*", http.StatusNotAcceptable},
		{`application/vnd.api+json; ext="https://jsonapi.org/ext/unknown", */*`, http.StatusNotAcceptable},
		// RFC 9110 §12.5.1: the most specific range decides
		{"application/vnd.api+json;q=0, */*", http.StatusNotAcceptable},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			var r *response
			if tt.accept == "" {
				r = e.rest(t, emily, "GET", "/post/1", "")
			} else {
				r = e.rest(t, emily, "GET", "/post/1", "", "Accept", tt.accept)
			}
			if tt.status == http.StatusOK {
				require.Equal(t, []string{"post:1"}, keys(r.ok(t).primary(t)))
				return
			}
			require.Equal(t, errorObject{
				Status: "406", Code: "invalid-value", Title: "Invalid value for type",
				Detail: "the Accept header rules out application/vnd.api+json",
				Source: map[string]string{"header": "Accept"}, Meta: map[string]any{"errorCode": "not-acceptable"},
			}, r.fails(t, tt.status))
		})
	}
	t.Run("406 wins on an error path too", func(t *testing.T) {
		r := e.rest(t, emily, "GET", "/post/1?foo=1", "", "Accept", "text/html")
		require.Equal(t, "invalid-value", r.fails(t, http.StatusNotAcceptable).Code)
	})
}
