package restapi

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/resource"
)

// TestParseFilter covers the filter family (JA-FILT-01, ZenStack's
// "Filtering" section): equality, relationship ids, to-many "some", comma =
// OR, several filters = AND, deep paths, every operator suffix, values parsed
// by field type.
func TestParseFilter(t *testing.T) {
	h := testHandler(t, Options{})
	tests := []struct {
		name, typ, query, want string
	}{
		// equality, values parsed by field type
		{"string", "post", "filter[title]=My first post", `title equals "My first post"`},
		{"int", "post", "filter[viewCount]=15", `viewCount equals 15(int64)`},
		{"float", "post", "filter[rating]=4.5", `rating equals 4.5(float64)`},
		{"bool", "post", "filter[published]=false", `published equals false(bool)`},
		{"RFC 3339 time", "post", "filter[createdAt]=2026-01-02T09:00:00Z", `createdAt equals 2026-01-02T09:00:00Z`},
		{"time with offset", "post", "filter[createdAt]=2026-01-02T11:00:00%2B02:00", `createdAt equals 2026-01-02T09:00:00Z`},
		{"enum", "user", "filter[role]=ADMIN", `role equals "ADMIN"`},
		{"id", "post", "filter[id]=2", `id equals 2(int64)`},
		{"foreign key attribute", "post", "filter[authorId]=1", `authorId equals 1(int64)`},
		{"null on nillable float", "post", "filter[rating]=null", `rating equals null`},
		{"null on nillable string", "user", "filter[name]=null", `name equals null`},
		{"null on a non-nillable string is text", "post", "filter[title]=null", `title equals "null"`},
		{"empty string", "post", "filter[title]=", `title equals ""`},
		// comma = OR of values
		{"comma string", "post", "filter[title]=a,b", `title in ["a" "b"]`},
		{"comma int", "post", "filter[viewCount]=15,120", `viewCount in [15(int64) 120(int64)]`},
		{"comma with null", "post", "filter[rating]=null,4.5", `(rating equals null | rating equals 4.5(float64))`},
		{"comma enum", "user", "filter[role]=USER,ADMIN", `role in ["USER" "ADMIN"]`},
		// by relationship id
		{"to-one by id", "post", "filter[author]=1", `some(author: id equals 1(int64))`},
		{"to-one by ids", "post", "filter[author]=1,2", `some(author: id in [1(int64) 2(int64)])`},
		{"to-one null", "comment", "filter[author]=null", `none(author)`},
		{"to-one null, FK on the other side", "user", "filter[profile]=null", `none(profile)`},
		{"to-many by id: some", "post", "filter[comments]=2", `some(comments: id equals 2(int64))`},
		{"m2m by ids: some", "post", "filter[tags]=1,4", `some(tags: id in [1(int64) 4(int64)])`},
		// deep paths
		{"to-one attribute", "post", "filter[author][name]=Emily", `some(author: name equals "Emily")`},
		{"to-many attribute: some", "post", "filter[tags][name]=go,api", `some(tags: name in ["go" "api"])`},
		{"two levels", "post", "filter[comments][author][name]=Bob", `some(comments: some(author: name equals "Bob"))`},
		{"two levels with operator", "user", "filter[posts][comments][content$icontains]=SPARSE", `some(posts: some(comments: content icontains "SPARSE"))`},
		{"deep relationship id", "comment", "filter[post][author]=2", `some(post: some(author: id equals 2(int64)))`},
		// comparison operators
		{"$lt", "post", "filter[viewCount$lt]=100", `viewCount lt 100(int64)`},
		{"$lte", "post", "filter[viewCount$lte]=100", `viewCount lte 100(int64)`},
		{"$gt", "post", "filter[viewCount$gt]=100", `viewCount gt 100(int64)`},
		{"$between", "post", "filter[viewCount$between]=10,100", `(viewCount gte 10(int64) & viewCount lte 100(int64))`},
		{"$gte", "post", "filter[viewCount$gte]=100", `viewCount gte 100(int64)`},
		{"$gt comma = OR", "post", "filter[viewCount$gt]=300,1", `(viewCount gt 300(int64) | viewCount gt 1(int64))`},
		{"$gte float", "post", "filter[rating$gte]=4.5", `rating gte 4.5(float64)`},
		{"$lt time", "post", "filter[createdAt$lt]=2026-01-03T09:00:00Z", `createdAt lt 2026-01-03T09:00:00Z`},
		{"$gte date", "post", "filter[createdAt$gte]=2026-01-03", `createdAt gte 2026-01-03T00:00:00Z`},
		{"$lt string", "post", "filter[title$lt]=M", `title lt "M"`},
		{"$gt id", "post", "filter[id$gt]=4", `id gt 4(int64)`},
		// string operators
		{"$contains", "post", "filter[title$contains]=post", `title contains "post"`},
		{"$icontains", "post", "filter[title$icontains]=POST", `title icontains "POST"`},
		{"$search", "post", "filter[title$search]=ent blog", `title search "ent blog"`},
		{"$startsWith", "post", "filter[title$startsWith]=My", `title startsWith "My"`},
		{"$endsWith", "post", "filter[title$endsWith]=draft", `title endsWith "draft"`},
		{"$contains comma = OR", "post", "filter[title$contains]=Go,Bob", `(title contains "Go" | title contains "Bob")`},
		{"$contains keeps null as text", "post", "filter[content$contains]=null", `content contains "null"`},
		// collection operators on to-many relationships
		{"$has", "post", "filter[tags$has]=1", `some(tags: id equals 1(int64))`},
		{"$hasSome", "post", "filter[tags$hasSome]=1,2", `some(tags: id in [1(int64) 2(int64)])`},
		{"$hasEvery", "post", "filter[tags$hasEvery]=1,2", `(some(tags: id equals 1(int64)) & some(tags: id equals 2(int64)))`},
		{"$isEmpty true", "post", "filter[tags$isEmpty]=true", `none(tags)`},
		{"$isEmpty false", "user", "filter[comments$isEmpty]=false", `some(comments)`},
		// several filters = AND (in parameter-name order)
		{"AND", "post", "filter[published]=true&filter[viewCount$gt]=100", `(published equals true(bool) & viewCount gt 100(int64))`},
		{"AND relationship and attribute", "post", "filter[author][name]=Emily&filter[viewCount$gt]=100", `(some(author: name equals "Emily") & viewCount gt 100(int64))`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := h.parseParams(model(t, h, tt.typ), query(t, tt.query), true)
			require.NoError(t, err)
			require.Equal(t, tt.want, show(p.where))
		})
	}
}

// TestParseFilterErrors: every malformed filter is a 400 whose
// source.parameter names the filter (JA-QP-04, JA-ERR-07).
func TestParseFilterErrors(t *testing.T) {
	h := testHandler(t, Options{})
	const (
		param = resource.CodeInvalidParameter
		op    = resource.CodeUnknownOperator
		value = resource.CodeInvalidValue
	)
	tests := []struct {
		name, typ, query, code, param, detail string
	}{
		{"unknown field", "post", "filter[nope]=1", param, "filter[nope]", `post has no attribute or relationship "nope"`},
		{"unknown relationship in path", "post", "filter[nope][name]=x", param, "filter[nope][name]", `post has no relationship "nope"`},
		{"attribute in the middle of a path", "post", "filter[title][name]=x", param, "filter[title][name]", `post has no relationship "title"`},
		{"unknown field at depth", "post", "filter[author][nope]=x", param, "filter[author][nope]", `user has no attribute or relationship "nope"`},
		{"no brackets", "post", "filter=1", param, "filter", "malformed filter"},
		{"empty brackets", "post", "filter[]=1", param, "filter[]", "malformed filter"},
		{"unclosed bracket", "post", "filter[title=1", param, "filter[title", "malformed filter"},
		{"duplicated", "post", "filter[title]=a&filter[title]=b", param, "filter[title]", "given 2 times"},
		// operators
		{"unknown operator", "post", "filter[viewCount$near]=1,2", op, "filter[viewCount$near]", `unknown filter operator "$near"`},
		{"$between with one bound", "post", "filter[viewCount$between]=1", value, "filter[viewCount$between]", `$between takes two comma-separated bounds, got "1"`},
		{"$between on a boolean", "post", "filter[published$between]=1,2", op, "filter[published$between]", `operator $between does not apply to boolean attribute "published"`},
		{"unknown operator on string", "post", "filter[title$like]=a", op, "filter[title$like]", `unknown filter operator "$like"`},
		{"$gt on bool", "post", "filter[published$gt]=true", op, "filter[published$gt]", "does not apply to boolean"},
		{"$lte on bool", "post", "filter[published$lte]=true", op, "filter[published$lte]", "does not apply to boolean"},
		{"$contains on int", "post", "filter[viewCount$contains]=1", op, "filter[viewCount$contains]", "applies to strings"},
		{"$icontains on float", "post", "filter[rating$icontains]=1", op, "filter[rating$icontains]", "applies to strings"},
		{"$search on time", "post", "filter[createdAt$search]=x", op, "filter[createdAt$search]", "applies to strings"},
		{"$startsWith on bool", "post", "filter[published$startsWith]=t", op, "filter[published$startsWith]", "applies to strings"},
		{"$endsWith on enum", "user", "filter[role$endsWith]=IN", op, "filter[role$endsWith]", "applies to strings"},
		{"$has on attribute", "post", "filter[title$has]=x", op, "filter[title$has]", "applies to to-many relationships"},
		{"$isEmpty on attribute", "post", "filter[content$isEmpty]=true", op, "filter[content$isEmpty]", "applies to to-many relationships"},
		{"$has on to-one", "post", "filter[author$has]=1", op, "filter[author$has]", "is to-one"},
		{"$hasSome on to-one", "post", "filter[author$hasSome]=1", op, "filter[author$hasSome]", "is to-one"},
		{"$isEmpty on to-one", "user", "filter[profile$isEmpty]=true", op, "filter[profile$isEmpty]", "is to-one"},
		{"$gt on relationship", "post", "filter[author$gt]=1", op, "filter[author$gt]", `does not apply to relationship "author"`},
		{"$contains on to-many", "post", "filter[tags$contains]=go", op, "filter[tags$contains]", `does not apply to relationship "tags"`},
		// values
		{"int", "post", "filter[viewCount]=many", value, "filter[viewCount]", `"many" is not a valid value for viewCount`},
		{"int in a list", "post", "filter[viewCount]=1,x", value, "filter[viewCount]", `"x" is not a valid value for viewCount`},
		{"float int operator", "post", "filter[viewCount$gt]=1.5", value, "filter[viewCount$gt]", `"1.5" is not a valid value`},
		{"float", "post", "filter[rating]=high", value, "filter[rating]", `"high" is not a valid value for rating`},
		{"bool", "post", "filter[published]=yes", value, "filter[published]", `"yes" is not a valid value for published`},
		{"bool 1", "post", "filter[published]=1", value, "filter[published]", `"1" is not a valid value for published`},
		{"time", "post", "filter[createdAt]=yesterday", value, "filter[createdAt]", `"yesterday" is not a valid value for createdAt`},
		{"enum", "user", "filter[role]=ROOT", value, "filter[role]", `"ROOT" is not a value of role`},
		{"null on non-nillable int", "post", "filter[viewCount]=null", value, "filter[viewCount]", `"null" is not a valid value`},
		{"null with comparison", "post", "filter[rating$gt]=null", value, "filter[rating$gt]", "cannot compare with null"},
		{"relationship id", "post", "filter[author]=emily", value, "filter[author]", `"emily" is not a valid user id`},
		{"to-many id", "post", "filter[tags$hasSome]=1,go", value, "filter[tags$hasSome]", `"go" is not a valid tag id`},
		{"to-many null", "post", "filter[tags]=null", value, "filter[tags]", `"null" is not a valid tag id`},
		{"$has with several ids", "post", "filter[tags$has]=1,2", value, "filter[tags$has]", "$has takes one id"},
		{"$isEmpty value", "post", "filter[tags$isEmpty]=maybe", value, "filter[tags$isEmpty]", `$isEmpty takes true or false, got "maybe"`},
		{"deep value", "post", "filter[author][role]=ROOT", value, "filter[author][role]", `"ROOT" is not a value of role`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.parseParams(model(t, h, tt.typ), query(t, tt.query), true)
			requireParamError(t, err, tt.code, tt.param, tt.detail)
		})
	}
}
