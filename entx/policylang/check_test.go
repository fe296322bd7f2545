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
		{Name: "role", APIName: "role", Kind: KindEnum, Enum: []string{"USER", "ADMIN"}},
		{Name: "created_at", APIName: "createdAt", Kind: KindTime},
	}}
	authorID := &Field{Name: "author_id", APIName: "authorId", Kind: KindInt}
	post := &Model{Name: "Post", ID: id(), Fields: []*Field{
		{Name: "title", APIName: "title", Kind: KindString},
		{Name: "published", APIName: "published", Kind: KindBool},
		{Name: "view_count", APIName: "viewCount", Kind: KindInt},
		{Name: "rating", APIName: "rating", Kind: KindFloat, Nullable: true},
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
		{"Post", "read", `comments?[this == null]`, 11, `this inside a collection predicate is not supported`},
		{"Post", "read", `!viewCount`, 2, `! needs a Boolean, viewCount is a Int`},
		{"Post", "read", `published < null`, 11, `null can only be compared with == or !=`},
		{"Post", "read", `title in 'abc'`, 10, `in needs a list literal`},
		{"Post", "read", `viewCount in ['a']`, 11, `type mismatch: viewCount (Int) in a list of String`},
		{"Post", "read", `author.role in [USER, OWNER]`, 23, `unknown field "OWNER" of Post`},
	}
	for _, c := range cases {
		t.Run(c.rule, func(t *testing.T) {
			_, err := Check(blog(), Context{Model: c.model, Ops: privacy.SplitOps(c.ops)}, c.rule)
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
