package integration

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// included indexes the included resources by "type:id", failing on a
// duplicate or on a resource that is also primary data (JA-INC-09).
func included(t *testing.T, r *document, primary []resourceObject) map[string]resourceObject {
	t.Helper()
	require.Contains(t, r.raw, "included", "JA-INC-03: included must be present")
	out := map[string]resourceObject{}
	for _, p := range primary {
		out[p.Type+":"+p.ID] = p
	}
	for _, o := range r.Included {
		k := o.Type + ":" + o.ID
		_, dup := out[k]
		require.False(t, dup, "JA-INC-09: %s appears twice", k)
		out[k] = o
	}
	for _, p := range primary {
		delete(out, p.Type+":"+p.ID)
	}
	return out
}

// TestRestInclude: compound documents (JA-INC-03..10), the documentation's
// examples and deduplication, full linkage and intermediate resources.
func TestRestInclude(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name, path string
		data       []string
		included   []string // sorted
		// linkage expected on resources of the document: "type:id.rel" → want
		linkage map[string]any
	}{
		{
			name: "direct relationship", path: "/post?include=author&filter[published]=true",
			data:     []string{"post:1", "post:2", "post:4", "post:6"},
			included: []string{"user:1", "user:2", "user:3"},
			linkage:  map[string]any{"post:1.author": "user:1", "post:4.author": "user:2", "post:6.author": "user:3"},
		},
		{
			name: "deep relationship", path: "/post?include=author.profile&filter[author]=1,3",
			data:     []string{"post:1", "post:2", "post:3", "post:6"},
			included: []string{"profile:1", "user:1", "user:3"},
			linkage:  map[string]any{"post:6.author": "user:3", "user:1.profile": "profile:1", "user:3.profile": nil, "profile:1.user": "user:1"},
		},
		{
			name: "several relationships", path: "/post?include=author,comments&filter[id]=2",
			data:     []string{"post:2"},
			included: []string{"comment:2", "comment:3", "user:1"},
			linkage:  map[string]any{"post:2.author": "user:1", "post:2.comments": []string{"comment:2", "comment:3"}, "comment:2.author": "user:3", "comment:3.post": "post:2"},
		},
		{
			name: "intermediate resources and deduplication", path: "/post?include=author,comments.author&filter[author]=1",
			data:     []string{"post:1", "post:2", "post:3"},
			included: []string{"comment:1", "comment:2", "comment:3", "user:1", "user:2", "user:3"},
			linkage: map[string]any{
				"post:1.comments": []string{"comment:1"}, "post:2.comments": []string{"comment:2", "comment:3"}, "post:3.comments": []string{},
				"comment:1.author": "user:2", "comment:2.author": "user:3", "comment:3.author": "user:1",
				"user:1.posts": "absent", // not included: links only
			},
		},
		{
			name: "primary data is not repeated in included", path: "/user?filter[id]=1&include=posts.author",
			data:     []string{"user:1"},
			included: []string{"post:1", "post:2", "post:3"},
			linkage:  map[string]any{"user:1.posts": []string{"post:1", "post:2", "post:3"}, "post:2.author": "user:1"},
		},
		{
			// user 2 is reached first as comment 1's author (profile not
			// loaded there), then as post 4's author with its profile:
			// the included user must still link to profile 2 (JA-INC-08).
			name: "one resource reached through two paths", path: "/comment?include=author,post.author.profile",
			data:     []string{"comment:1", "comment:2", "comment:3", "comment:4", "comment:5"},
			included: []string{"post:1", "post:2", "post:4", "post:6", "profile:1", "profile:2", "user:1", "user:2", "user:3"},
			linkage:  map[string]any{"user:2.profile": "profile:2", "user:1.profile": "profile:1", "user:3.profile": nil, "comment:4.author": nil},
		},
		{
			// post 2 is primary data and is reached again through its
			// comments, with its tags: the primary resource links the tags.
			name: "primary resource reached again deeper", path: "/post?filter[id]=1,2&include=comments.post.tags",
			data:     []string{"post:1", "post:2"},
			included: []string{"comment:1", "comment:2", "comment:3", "tag:1", "tag:2", "tag:3", "tag:4"},
			linkage:  map[string]any{"post:2.tags": []string{"tag:1", "tag:2", "tag:3"}, "post:1.tags": []string{"tag:4"}, "comment:1.post": "post:1"},
		},
		{
			name: "many-to-many", path: "/tag?include=posts&filter[name]=api",
			data:     []string{"tag:3"},
			included: []string{"post:2", "post:6"},
			linkage:  map[string]any{"tag:3.posts": []string{"post:2", "post:6"}},
		},
		{
			name: "included rows follow the page", path: "/post?include=comments&sort=-viewCount&page[limit]=1",
			data:     []string{"post:2"},
			included: []string{"comment:2", "comment:3"},
		},
		{
			name: "nothing to include is []", path: "/post/5?include=comments,tags",
			data:     []string{"post:5"},
			included: []string{},
			linkage:  map[string]any{"post:5.comments": []string{}, "post:5.tags": []string{}},
		},
		{
			name: "empty to-one", path: "/comment/4?include=author,post.author",
			data:     []string{"comment:4"},
			included: []string{"post:4", "user:2"},
			linkage:  map[string]any{"comment:4.author": nil, "comment:4.post": "post:4", "post:4.author": "user:2"},
		},
		{
			name: "single resource, three levels", path: "/user/3?include=posts.comments.author",
			data:     []string{"user:3"},
			included: []string{"comment:5", "post:6", "user:2"},
			linkage:  map[string]any{"user:3.posts": []string{"post:6"}, "post:6.comments": []string{"comment:5"}, "comment:5.author": "user:2"},
		},
		{
			name: "related resource", path: "/post/1/author?include=profile,comments",
			data:     []string{"user:1"},
			included: []string{"comment:3", "profile:1"},
			linkage:  map[string]any{"user:1.profile": "profile:1", "user:1.comments": []string{"comment:3"}},
		},
		{
			name: "related collection", path: "/user/1/posts?include=tags&filter[id]=2,3",
			data:     []string{"post:2", "post:3"},
			included: []string{"tag:1", "tag:2", "tag:3"},
			linkage:  map[string]any{"post:2.tags": []string{"tag:1", "tag:2", "tag:3"}, "post:3.tags": []string{"tag:2"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			primary := r.primary(t)
			require.Equal(t, tt.data, keys(primary))
			inc := included(t, r, primary)
			require.Equal(t, tt.included, sorted(mapKeys(inc)))
			require.Len(t, r.Included, len(tt.included))
			all := map[string]resourceObject{}
			for k, o := range inc {
				all[k] = o
			}
			for _, p := range primary {
				all[p.Type+":"+p.ID] = p
			}
			for path, want := range tt.linkage {
				var key, rel string
				for i := len(path) - 1; i >= 0; i-- {
					if path[i] == '.' {
						key, rel = path[:i], path[i+1:]
						break
					}
				}
				o, ok := all[key]
				require.True(t, ok, "%s is not in the document", key)
				require.Contains(t, o.Relationships, rel)
				require.Equal(t, want, linkage(t, o.Relationships[rel]), path)
			}
		})
	}

	// JA-INC-10: on a relationship endpoint the primary data is linkage,
	// and include paths start at the parent resource, with the
	// relationship itself (JSON:API's example:
	// /articles/1/relationships/comments?include=comments.author).
	rels := []struct {
		name, path string
		data       any
		included   []string // sorted
		linkage    map[string]any
	}{
		{
			name: "to-many relationship and a deeper path", path: "/post/2/relationships/comments?include=comments.author",
			data: []string{"comment:2", "comment:3"}, included: []string{"comment:2", "comment:3", "user:1", "user:3"},
			linkage: map[string]any{"comment:2.author": "user:3", "comment:3.author": "user:1"},
		},
		{
			name: "to-many relationship itself", path: "/post/2/relationships/comments?include=comments",
			data: []string{"comment:2", "comment:3"}, included: []string{"comment:2", "comment:3"},
		},
		{
			name: "relationship: included rows follow the page", path: "/user/1/relationships/posts?include=posts.tags&page[limit]=1",
			data: []string{"post:1"}, included: []string{"post:1", "tag:4"},
			linkage: map[string]any{"post:1.tags": []string{"tag:4"}},
		},
		{
			name: "to-one relationship", path: "/post/1/relationships/author?include=author.profile",
			data: "user:1", included: []string{"profile:1", "user:1"},
			linkage: map[string]any{"user:1.profile": "profile:1"},
		},
		{
			name: "empty to-one relationship", path: "/user/3/relationships/profile?include=profile",
			data: nil, included: []string{},
		},
	}
	for _, tt := range rels {
		t.Run(tt.name, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			require.Equal(t, tt.data, r.linkage(t))
			require.Contains(t, r.raw, "included")
			require.Equal(t, tt.included, sorted(keys(r.Included)))
			byKey := map[string]resourceObject{}
			for _, o := range r.Included {
				byKey[o.Type+":"+o.ID] = o
			}
			for path, want := range tt.linkage {
				i := strings.LastIndexByte(path, '.')
				o, ok := byKey[path[:i]]
				require.True(t, ok, path)
				require.Equal(t, want, linkage(t, o.Relationships[path[i+1:]]), path)
			}
		})
	}
	t.Run("relationship endpoint: a path not through the relationship", func(t *testing.T) {
		err := e.rest(t, emily, "GET", "/post/2/relationships/comments?include=author", "").fails(t, 400)
		require.Equal(t, map[string]string{"parameter": "include"}, err.Source)
		require.Contains(t, err.Detail, `include paths on /post/2/relationships/comments start with "comments"`)
	})
}

// TestRestSparseFieldsets: JA-FLD-01/02, in data and in included.
func TestRestSparseFieldsets(t *testing.T) {
	e := newEnv(t)
	type shape struct {
		attrs map[string]any
		rels  []string // sorted relationship names
	}
	tests := []struct {
		name, path string
		want       map[string]shape
	}{
		{
			name: "data and included", path: "/post?filter[id]=2&include=author,comments&fields[post]=title,author&fields[user]=name&fields[comment]=content,post",
			want: map[string]shape{
				"post:2":    {map[string]any{"title": "Serving Ent schemas as JSON:API"}, []string{"author"}},
				"user:1":    {map[string]any{"name": "Emily"}, nil},
				"comment:2": {map[string]any{"content": "Does it support sparse fieldsets?"}, []string{"post"}},
				"comment:3": {map[string]any{"content": "Yes: fields[post]=title."}, []string{"post"}},
			},
		},
		{
			name: "only included types", path: "/comment/1?include=author&fields[user]=email,profile",
			want: map[string]shape{
				"comment:1": {map[string]any{"content": "Congratulations on the launch!", "postId": float64(1), "authorId": float64(2)}, []string{"author", "post"}},
				"user:2":    {map[string]any{"email": "bob@entstack.dev"}, []string{"profile"}},
			},
		},
		{
			name: "empty fieldset", path: "/tag/1?fields[tag]=",
			want: map[string]shape{"tag:1": {map[string]any{}, nil}},
		},
		{
			name: "relationship only", path: "/post/4?fields[post]=author",
			want: map[string]shape{"post:4": {map[string]any{}, []string{"author"}}},
		},
		{
			name: "related resource", path: "/post/6/author?fields[user]=role",
			want: map[string]shape{"user:3": {map[string]any{"role": "USER"}, nil}},
		},
		{
			name: "collection", path: "/user?fields[user]=name",
			want: map[string]shape{
				"user:1": {map[string]any{"name": "Emily"}, nil},
				"user:2": {map[string]any{"name": "Bob"}, nil},
				"user:3": {map[string]any{"name": nil}, nil},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.rest(t, emily, "GET", tt.path, "").ok(t)
			objs := append(r.primary(t), r.Included...)
			got := map[string]shape{}
			for _, o := range objs {
				s := shape{attrs: o.Attributes}
				if s.attrs == nil {
					s.attrs = map[string]any{}
				}
				if len(o.Relationships) > 0 {
					s.rels = sorted(mapKeys(o.Relationships))
				}
				got[o.Type+":"+o.ID] = s
			}
			require.Equal(t, tt.want, got)
		})
	}
}
