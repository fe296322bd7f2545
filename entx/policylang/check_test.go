package policylang

import (
	"testing"

	"github.com/entstack/entstack/privacy"
	"github.com/stretchr/testify/require"
)

// blog is the abstract description of the reference schema, as entx
// derives it from Ent's graph.
func blog() *Schema {
	id := func() *Field { return &Field{Name: "id", APIName: "id", Kind: KindInt} }
	user := &Model{Name: "User", ID: id(), Fields: []*Field{
		{Name: "email", APIName: "email", Kind: KindString},
		{Name: "name", APIName: "name", Kind: KindString, Nullable: true},
		{Name: "role", APIName: "role", Kind: KindEnum, Enum: []string{"USER", "ADMIN"}, EnumType: "Role"},
		{Name: "created_at", APIName: "createdAt", Kind: KindTime},
	}}
	authorID := &Field{Name: "author_id", APIName: "authorId", Kind: KindInt}
	post := &Model{Name: "Post", ID: id(), Fields: []*Field{
		{Name: "title", APIName: "title", Kind: KindString},
		{Name: "published", APIName: "published", Kind: KindBool},
		{Name: "view_count", APIName: "viewCount", Kind: KindInt},
		{Name: "rating", APIName: "rating", Kind: KindFloat, Nullable: true},
		{Name: "labels", APIName: "labels", Kind: KindString, List: true, Nullable: true},
		authorID,
	}}
	postID := &Field{Name: "post_id", APIName: "postId", Kind: KindInt}
	comment := &Model{Name: "Comment", ID: id(), Fields: []*Field{
		{Name: "content", APIName: "content", Kind: KindString}, postID,
	}}
	user.Edges = []*Edge{{Name: "posts", Target: "Post"}}
	post.Edges = []*Edge{{Name: "author", Target: "User", Unique: true, FK: authorID}, {Name: "comments", Target: "Comment"}}
	comment.Edges = []*Edge{{Name: "post", Target: "Post", Unique: true, FK: postID}}
	return &Schema{Auth: "User", Models: map[string]*Model{"User": user, "Post": post, "Comment": comment}}
}

// POL-EXPR-01..11: the language accepts ZModel's expressions.
func TestCheckAccepts(t *testing.T) {
	cases := []struct {
		model, ops, rule string
	}{
		{"Post", "read", `published || auth() == author`},
		{"Post", "read", `auth().role == ADMIN`},
		{"Post", "read", `published == true && viewCount >= 10 && rating < 4.5`},
		{"Post", "read", `viewCount > 1.5 && title != 'x' && title == "y"`},
		{"Post", "read", `author.role == ADMIN && author.name != null`},
		{"Post", "read", `!(author == auth())`},
		{"Post", "read", `comments?[content == 'hi'] || comments![post.published] || comments^[true]`},
		{"Post", "read", `contains(title, 'go') && startsWith(title, auth().name, true) && endsWith(title, "!")`},
		{"User", "read", `auth() == this && createdAt < now()`},
		{"User", "read", `posts?[published && comments?[content == "x"]]`},
		{"Comment", "read", `post.published || auth() == post.author`},
		{"Post", "update", `future().authorId != authorId`},
		{"Post", "post-update", `before().authorId == authorId`},
		{"Post", "read", `auth() != null && auth().name == null`},
		{"Post", "read", `viewCount in [1, 2.5] && author.role in [USER, ADMIN] && auth().name in []`},
		// this inside collection predicates is the rule's row; binding
		// variables name the elements (ZModel v3).
		{"Post", "read", `comments?[this == post && post.authorId == this.authorId]`},
		{"User", "read", `posts?[p, p.published && comments?[c, c.post == p && c.content != p.title]]`},
		// Relations of auth().
		{"Post", "read", `auth().posts?[id == this.id] || author == auth() || auth().posts?[comments?[content == this.title]]`},
		{"Comment", "read", `post.author == auth() && auth().posts?[p, p == this.post]`},
		// check(), currentModel(), currentOperation().
		{"Comment", "read,update", `check(post) || check(post, 'delete') || check(post.author)`},
		{"Post", "all", `currentOperation() == 'read' || currentModel('lower') == 'post' && currentOperation('upper') != 'DELETE'`},
		{"Post", "post-update", `check(author, 'read')`},
		// Lists.
		{"Post", "read", `has(labels, 'go') && hasSome(labels, ['a', 'b']) && hasEvery(labels, []) || isEmpty(labels)`},
		{"Post", "read", `'go' in labels || auth().name in labels || title in labels`},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			_, err := Check(blog(), Context{Model: c.model, Ops: privacy.SplitOps(c.ops)}, c.rule)
			require.NoError(t, err)
		})
	}
}

// Every bad rule is an error with its column and a message a person can
// act on.
func TestCheckRejects(t *testing.T) {
	cases := []struct {
		model, ops, rule string
		col              int
		msg              string
	}{
		{"Post", "read", `publishd`, 1, `unknown field "publishd" of Post`},
		{"Post", "read", `auth().rol == ADMIN`, 8, `unknown field "rol" of User`},
		{"Post", "read", `auth().role == SUPER`, 16, `unknown field "SUPER"`},
		{"Post", "read", `auth().role == USER && author.role == "ADMIN"`, 36, `type mismatch: cannot compare author.role (enum role) with "ADMIN" (String)`},
		{"Post", "read", `title`, 0, `a rule must be a Boolean condition, this is a String`},
		{"Post", "read", `viewCount == 'ten'`, 11, `type mismatch`},
		{"Post", "read", `published > false`, 11, `Boolean values cannot be ordered with >`},
		{"Post", "read", `auth() == this`, 8, `cannot compare auth() (User) with this (Post)`},
		{"Post", "read", `auth() == comments`, 0, `cannot compare lists`},
		{"Post", "read", `nope(title)`, 1, `unknown function nope()`},
		{"Post", "read", `contains(viewCount, 'x')`, 10, `contains needs Strings, viewCount is a Int`},
		{"Post", "read", `published &&`, 13, `unexpected end of rule`},
		{"Post", "read", `(published`, 11, `missing ")" at the end of the rule`},
		{"Post", "read", `published # 1`, 11, `unexpected character '#'`},
		{"Post", "read", `'open`, 1, `unterminated string`},
		{"Post", "read", `viewCount > 1 > 0`, 15, `comparisons do not chain`},
		{"Post", "read", `comments.content == 'x'`, 10, `comments is a to-many relation: use comments?[…]`},
		{"Post", "read", `author?[true]`, 7, `needs a to-many relation`},
		{"Post", "read", `future().authorId == authorId`, 1, `future() is only allowed in model rules whose only operation is update`},
		{"Post", "update", `before().authorId == authorId`, 1, `before() is only allowed in post-update rules`},
		{"Post", "update", `comments?[future().id == id]`, 11, `future() inside a collection predicate is not supported`},
		{"Post", "read", `comments?[post, true]`, 11, `the name post of the element of comments is taken`},
		{"Post", "read", `comments?[c, c.title == 'x']`, 16, `unknown field "title" of Comment (c)`},
		{"Post", "read", `comments?[c, true] && c.content == 'x'`, 23, `unknown field "c" of Post`},
		// Enum values: the closest value in another case is named.
		{"Post", "read", `author.role == admin`, 16, `"admin" is not a value of Role (USER, ADMIN): did you mean ADMIN?`},
		{"Post", "read", `auth().role in [User]`, 16, `"User" is not a value of Role (USER, ADMIN): did you mean USER?`},
		{"Post", "read", `title == admin`, 10, `unknown field "admin" of Post`},
		{"Post", "read", `publishd`, 1, `unknown field "publishd" of Post (did you mean published?)`},
		{"Post", "read", `author.nme == 'x'`, 8, `unknown field "nme" of User (author) (did you mean name?)`},
		{"Post", "read", `contain(title, 'x')`, 1, `unknown function contain() (did you mean contains?)`},
		// check()
		{"Post", "read", `check(comments)`, 7, `check needs a to-one relation, comments is to-many`},
		{"Post", "read", `check(title)`, 7, `check needs a relation of Post, title is a String`},
		{"Post", "read", `check(auth())`, 7, `check needs a relation of Post`},
		{"Post", "read", `check(author, 'write')`, 15, `the operation of check must be one of 'create', 'read', 'update', 'delete'`},
		{"Post", "read", `check(author, read)`, 15, `the operation of check must be one of 'create', 'read', 'update', 'delete', in quotes`},
		{"Post", "post-update", `check(author)`, 1, `check in a post-update rule needs an operation: check(author, 'read')`},
		{"Post", "read", `check()`, 1, `check takes a relation and an optional operation`},
		{"Post", "read", `comments?[check(this)]`, 17, `check needs a relation of Comment`},
		// currentModel(), currentOperation()
		{"Post", "read", `currentModel('title') == 'Post'`, 14, `the casing of currentModel must be one of 'original', 'upper'`},
		{"Post", "read", `currentOperation() == 1`, 20, `type mismatch`},
		// Lists
		{"Post", "read", `has(labels, 1)`, 13, `has(labels, …) needs a String, 1 is a Int`},
		{"Post", "read", `hasSome(labels, 'a')`, 17, `hasSome(labels, …) needs a list of String`},
		{"Post", "read", `labels == ['a']`, 0, `cannot compare lists`},
		{"Post", "read", `1 in labels`, 0, `has(labels, …) needs a String`},
		{"Post", "read", `isEmpty(labels, labels)`, 1, `isEmpty takes 1 arguments, got 2`},
		// auth() without an auth model
		{"Post", "read", `auth() != null`, 1, `auth() needs an auth model`},
		{"Post", "read", `!viewCount`, 2, `! needs a Boolean, viewCount is a Int`},
		{"Post", "read", `published < null`, 11, `null can only be compared with == or !=`},
		{"Post", "read", `title in 'abc'`, 10, `in needs a list literal`},
		{"Post", "read", `viewCount in ['a']`, 11, `type mismatch: viewCount (Int) in a list of String`},
		{"Post", "read", `author.role in [USER, OWNER]`, 23, `unknown field "OWNER" of Post`},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			s := blog()
			if c.msg == `auth() needs an auth model` {
				s.Auth = "Account"
			}
			_, err := Check(s, Context{Model: c.model, Ops: privacy.SplitOps(c.ops)}, c.rule)
			require.Error(t, err)
			require.Contains(t, err.Error(), c.msg)
			if c.col > 0 {
				var pe *PosError
				require.ErrorAs(t, err, &pe)
				require.Equal(t, c.col, pe.Col, "column of %q", err)
			}
		})
	}
}

// rel.id reads the foreign key the row holds: post.author.id is the post's
// author_id (no join), and a relation without one stays a path.
func TestCheckRelationIDIsForeignKey(t *testing.T) {
	s := blog()
	cases := []struct {
		model, rule string
		path        []string
		field       string
	}{
		{"Comment", `post.author.id == 1`, []string{"post"}, "author_id"},
		{"Comment", `post.authorId == 1`, []string{"post"}, "author_id"},
		{"Comment", `post.id == 1`, nil, "post_id"},
		{"Post", `author.name == 'x'`, []string{"author"}, "name"},
	}
	for _, c := range cases {
		e, err := Check(s, Context{Model: c.model, Ops: []string{"read"}}, c.rule)
		require.NoError(t, err, c.rule)
		ref := e.(*Compare).L.(*Ref)
		var path []string
		for _, p := range ref.Path {
			path = append(path, p.Name)
		}
		require.Equal(t, c.path, path, c.rule)
		require.Equal(t, c.field, ref.Field.Name, c.rule)
		require.Equal(t, ref.Field.Kind, ref.T.Kind, c.rule)
	}
}
