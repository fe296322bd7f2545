package restapi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

func showOrder(os []resource.Order) string {
	parts := make([]string, len(os))
	for i, o := range os {
		var b strings.Builder
		if o.Desc {
			b.WriteByte('-')
		}
		for _, e := range o.Path {
			b.WriteString(e.Name() + ".")
		}
		b.WriteString(o.Field.Name())
		parts[i] = b.String()
	}
	return strings.Join(parts, ",")
}

func showInclude(ips []*includePath) string {
	parts := make([]string, len(ips))
	for i, ip := range ips {
		names := make([]string, len(ip.edges))
		for j, e := range ip.edges {
			names[j] = e.Model().Type() + "." + e.Name()
		}
		parts[i] = strings.Join(names, ">")
	}
	return strings.Join(parts, ",")
}

// showFields renders the sparse fieldsets as "type:a,b;type2:c".
func showFields(sel map[*resource.Model]*selection) string {
	byType := map[string]string{}
	for m, s := range sel {
		var names []string
		for i, on := range s.fields {
			if on {
				names = append(names, m.Fields()[i].Name())
			}
		}
		for i, on := range s.edges {
			if on {
				names = append(names, m.Edges()[i].Name())
			}
		}
		byType[m.Type()] = strings.Join(names, ",")
	}
	var parts []string
	for _, k := range sortedKeys(byType) {
		parts = append(parts, k+":"+byType[k])
	}
	return strings.Join(parts, ";")
}

// TestParseSort: JA-SORT-01 (comma list, dotted relationship fields),
// JA-SORT-02 (- is descending).
func TestParseSort(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct{ name, typ, query, want string }{
		{"one field", "post", "sort=viewCount", "viewCount"},
		{"descending", "post", "sort=-viewCount", "-viewCount"},
		{"comma list in order", "post", "sort=published,-viewCount,title", "published,-viewCount,title"},
		{"id", "post", "sort=-id", "-id"},
		{"time", "post", "sort=createdAt", "createdAt"},
		{"float", "post", "sort=-rating", "-rating"},
		{"enum", "user", "sort=role,name", "role,name"},
		{"foreign key", "post", "sort=authorId", "authorId"},
		{"to-one relationship field", "post", "sort=author.name,-id", "author.name,-id"},
		{"descending relationship field", "comment", "sort=-post.viewCount", "-post.viewCount"},
		{"two to-one hops", "comment", "sort=post.author.name", "post.author.name"},
		{"to-one without FK on this side", "user", "sort=profile.gender", "profile.gender"},
		// ZenStack: a to-one relationship sorts by the related id (the
		// foreign key when it is on this side)
		{"to-one relationship", "post", "sort=author", "authorId"},
		{"to-one relationship, descending", "post", "sort=-author,title", "-authorId,title"},
		{"optional to-one", "comment", "sort=author", "authorId"},
		{"non-owning side of a one-to-one", "user", "sort=-profile", "-profile.id"},
		{"relationship after a hop", "comment", "sort=post.author", "post.authorId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := h.parseParams(model(t, h, tt.typ), query(t, tt.query), true)
			require.NoError(t, err)
			require.Equal(t, tt.want, showOrder(p.order))
		})
	}
}

// TestParseSortErrors: JA-SORT-03, an unsupported sort is a 400.
func TestParseSortErrors(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct{ name, typ, query, param, detail string }{
		{"unknown field", "post", "sort=nope", "sort", `post has no attribute "nope"`},
		{"unknown descending field", "post", "sort=title,-nope", "sort", `cannot sort by "nope": post has no attribute "nope"`},
		{"to-many relationship itself", "post", "sort=comments", "sort", `"comments" is a to-many relationship`},
		{"many-to-many relationship itself", "post", "sort=-tags", "sort", `"tags" is a to-many relationship`},
		{"unknown relationship", "post", "sort=writer.name", "sort", `post has no relationship "writer"`},
		{"unknown field of relationship", "post", "sort=author.nope", "sort", `user has no attribute "nope"`},
		{"to-many path", "post", "sort=comments.content", "sort", `"comments" is a to-many relationship`},
		{"many-to-many path", "post", "sort=-tags.name", "sort", `"tags" is a to-many relationship`},
		{"to-many after to-one", "comment", "sort=post.tags.name", "sort", `"tags" is a to-many relationship`},
		{"empty", "post", "sort=", "sort", "empty sort field"},
		{"trailing comma", "post", "sort=title,", "sort", "empty sort field"},
		{"lone minus", "post", "sort=-", "sort", "empty sort field"},
		{"brackets", "post", "sort[post]=title", "sort[post]", `unknown query parameter "sort[post]"`},
		{"duplicated", "post", "sort=title&sort=id", "sort", "given 2 times"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.parseParams(model(t, h, tt.typ), query(t, tt.query), true)
			requireParamError(t, err, resource.CodeInvalidParameter, tt.param, tt.detail)
		})
	}
}

// TestParsePage: JA-PAGE-05 page[offset]/page[limit], ZenStack's default
// page size 100 (also the maximum, to which a larger limit is clamped).
func TestParsePage(t *testing.T) {
	tests := []struct {
		name          string
		opts          Options
		query         string
		offset, limit int
	}{
		{"defaults", Options{}, "", 0, 100},
		{"offset and limit", Options{}, "page[offset]=2&page[limit]=2", 2, 2},
		{"offset only", Options{}, "page[offset]=5", 5, 100},
		{"limit at the max", Options{}, "page[limit]=100", 0, 100},
		{"zero offset", Options{}, "page[offset]=0", 0, 100},
		{"offset beyond the rows", Options{}, "page[offset]=1000", 1000, 100},
		{"configured page size", Options{PageSize: 10, MaxPageSize: 50}, "", 0, 10},
		{"configured max", Options{PageSize: 10, MaxPageSize: 50}, "page[limit]=50", 0, 50},
		// ZenStack clamps a larger limit to the maximum
		{"over the default max", Options{}, "page[limit]=101", 0, 100},
		{"far over the default max", Options{}, "page[offset]=3&page[limit]=100000", 3, 100},
		{"over a configured max", Options{PageSize: 10, MaxPageSize: 50}, "page[limit]=51", 0, 50},
		{"unlimited", Options{PageSize: Unlimited}, "", 0, -1},
		{"unlimited takes any limit", Options{PageSize: Unlimited}, "page[limit]=100000", 0, 100000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := testHandler(t, tt.opts)
			p, err := h.parseParams(model(t, h, "post"), query(t, tt.query), true)
			require.NoError(t, err)
			require.Equal(t, tt.offset, p.offset)
			require.Equal(t, tt.limit, p.limit)
		})
	}
}

func TestParsePageErrors(t *testing.T) {
	tests := []struct {
		name         string
		opts         Options
		query, param string
		detail       string
	}{
		{"negative offset", Options{}, "page[offset]=-1", "page[offset]", `page[offset] must be a non-negative integer, got "-1"`},
		{"negative limit", Options{}, "page[limit]=-5", "page[limit]", `page[limit] must be a non-negative integer, got "-5"`},
		{"non-numeric offset", Options{}, "page[offset]=two", "page[offset]", `got "two"`},
		{"fractional limit", Options{}, "page[limit]=1.5", "page[limit]", `got "1.5"`},
		{"empty offset", Options{}, "page[offset]=", "page[offset]", `got ""`},
		{"zero limit", Options{}, "page[limit]=0", "page[limit]", "page[limit] must be at least 1"},
		{"unknown page key", Options{}, "page[size]=10", "page[size]", `unknown page parameter "page[size]"`},
		{"page number", Options{}, "page[number]=2", "page[number]", `unknown page parameter "page[number]"`},
		{"bare page", Options{}, "page=2", "page", `unknown page parameter "page"`},
		{"nested page key", Options{}, "page[offset][x]=2", "page[offset][x]", "unknown page parameter"},
		{"duplicated", Options{}, "page[limit]=1&page[limit]=2", "page[limit]", "given 2 times"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := testHandler(t, tt.opts)
			_, err := h.parseParams(model(t, h, "post"), query(t, tt.query), true)
			requireParamError(t, err, resource.CodeInvalidParameter, tt.param, tt.detail)
		})
	}
}

// TestParseInclude: JA-INC-05 (comma list of dotted paths, empty = none).
func TestParseInclude(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct{ name, typ, query, want string }{
		{"one", "post", "include=author", "post.author"},
		{"comma list and dotted path", "post", "include=author,comments.author", "post.author,post.comments>comment.author"},
		{"many-to-many", "post", "include=tags", "post.tags"},
		{"three levels", "comment", "include=post.author.profile", "comment.post>post.author>user.profile"},
		{"four levels (the default max)", "user", "include=posts.comments.post.author", "user.posts>post.comments>comment.post>post.author"},
		{"empty = include nothing", "post", "include=", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := h.parseParams(model(t, h, tt.typ), query(t, tt.query), true)
			require.NoError(t, err)
			require.Equal(t, tt.want, showInclude(p.include))
		})
	}
}

// TestParseIncludeErrors: JA-INC-06, an unknown or refused path is a 400.
func TestParseIncludeErrors(t *testing.T) {
	tests := []struct {
		name       string
		opts       Options
		typ, query string
		code       string
		detail     string
	}{
		{"unknown", Options{}, "post", "include=writer", resource.CodeUnknownRelation, `cannot include "writer": post has no relationship "writer"`},
		{"attribute", Options{}, "post", "include=title", resource.CodeUnknownRelation, `post has no relationship "title"`},
		{"unknown at depth", Options{}, "post", "include=author,comments.nope", resource.CodeUnknownRelation, `cannot include "comments.nope": comment has no relationship "nope"`},
		{"empty member", Options{}, "post", "include=author,", resource.CodeUnknownRelation, `post has no relationship ""`},
		{"too deep for the default", Options{}, "user", "include=posts.comments.post.author.profile", resource.CodeInvalidParameter, `include path "posts.comments.post.author.profile" is deeper than 4 relationships`},
		{"too deep for a configured max", Options{MaxIncludeDepth: 1}, "post", "include=author,comments.author", resource.CodeInvalidParameter, `include path "comments.author" is deeper than 1 relationships`},
		{"brackets", Options{}, "post", "include[post]=author", resource.CodeInvalidParameter, `unknown query parameter "include[post]"`},
		{"duplicated", Options{}, "post", "include=author&include=tags", resource.CodeInvalidParameter, "given 2 times"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := testHandler(t, tt.opts)
			_, err := h.parseParams(model(t, h, tt.typ), query(t, tt.query), true)
			param := "include"
			if strings.HasPrefix(tt.query, "include[") {
				param = "include[post]"
			}
			requireParamError(t, err, tt.code, param, tt.detail)
		})
	}
}

// TestParseFields: JA-FLD-01, fields[TYPE] lists attributes and
// relationships; an empty value selects none.
func TestParseFields(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct{ name, typ, query, want string }{
		{"attributes", "post", "fields[post]=title,viewCount", "post:title,viewCount"},
		{"attribute and relationship", "post", "fields[post]=title,author", "post:title,author"},
		{"another type", "post", "fields[user]=name", "user:name"},
		{"several types", "post", "fields[post]=title&fields[user]=name,posts", "post:title;user:name,posts"},
		{"empty = no fields", "post", "fields[post]=", "post:"},
		{"none given", "post", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := h.parseParams(model(t, h, tt.typ), query(t, tt.query), true)
			require.NoError(t, err)
			require.Equal(t, tt.want, showFields(p.fields))
		})
	}
}

// TestParseFieldsErrors: JA-FLD-04.
func TestParseFieldsErrors(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct{ name, query, code, param, detail string }{
		{"unknown type", "fields[article]=title", resource.CodeUnknownType, "fields[article]", `unknown resource type "article"`},
		{"unknown field", "fields[post]=title,nope", resource.CodeInvalidParameter, "fields[post]", `post has no field "nope"`},
		{"id is not a field", "fields[post]=id", resource.CodeInvalidParameter, "fields[post]", `post has no field "id"`},
		{"field of another type", "fields[user]=title", resource.CodeInvalidParameter, "fields[user]", `user has no field "title"`},
		{"no type", "fields=title", resource.CodeInvalidParameter, "fields", "malformed"},
		{"nested brackets", "fields[post][x]=title", resource.CodeInvalidParameter, "fields[post][x]", "malformed"},
		{"duplicated", "fields[post]=title&fields[post]=content", CodeDuplicatedFields, "fields[post]", "given 2 times"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.parseParams(model(t, h, "post"), query(t, tt.query), true)
			requireParamError(t, err, tt.code, tt.param, tt.detail)
		})
	}
}

// TestParseFamilies: JA-QP-04, a parameter the server does not know is a
// 400; filter, sort and page apply to collections only.
func TestParseFamilies(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct {
		name, query   string
		collection    bool
		param, detail string
	}{
		{"unknown", "foo=1", true, "foo", `unknown query parameter "foo"`},
		{"unknown with brackets", "foo[bar]=1", true, "foo[bar]", `unknown query parameter "foo[bar]"`},
		{"camelCase implementation parameter", "pageSize=10", true, "pageSize", `unknown query parameter "pageSize"`},
		{"case matters", "Filter[title]=a", true, "Filter[title]", `unknown query parameter "Filter[title]"`},
		{"unknown next to known ones", "sort=title&zzz=1", true, "zzz", `unknown query parameter "zzz"`},
		{"filter on a single resource", "filter[title]=a", false, "filter[title]", "filter applies to collections only"},
		{"sort on a single resource", "sort=title", false, "sort", "sort applies to collections only"},
		{"page on a single resource", "page[limit]=1", false, "page[limit]", "page applies to collections only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.parseParams(model(t, h, "post"), query(t, tt.query), tt.collection)
			requireParamError(t, err, resource.CodeInvalidParameter, tt.param, tt.detail)
		})
	}
	t.Run("include and fields on a single resource", func(t *testing.T) {
		p, err := h.parseParams(model(t, h, "post"), query(t, "include=author&fields[post]=title"), false)
		require.NoError(t, err)
		require.Equal(t, "post.author", showInclude(p.include))
		require.Equal(t, "post:title", showFields(p.fields))
	})
}
