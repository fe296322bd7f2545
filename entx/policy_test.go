package entx

import (
	"strings"
	"testing"

	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"
	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/privacy"
)

// loadBlog loads the reference schema as `go generate` does.
func loadBlog(t *testing.T) *gen.Graph {
	t.Helper()
	g, err := entc.LoadGraph("../ent/schema", &gen.Config{})
	require.NoError(t, err)
	return g
}

func node(g *gen.Graph, name string) *gen.Type {
	for _, t := range g.Nodes {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// withRules replaces the model rules of a type of the graph.
func withRules(t *gen.Type, rules ...privacy.Annotation) {
	var a privacy.Annotation
	for _, r := range rules {
		a.Rules = append(a.Rules, r.Rules...)
	}
	if t.Annotations == nil {
		t.Annotations = gen.Annotations{}
	}
	t.Annotations[privacy.AnnotationName] = a
}

// A bad rule fails `go generate` naming the schema, the rule, the column and
// what is wrong.
func TestCompileErrors(t *testing.T) {
	g := loadBlog(t)
	cases := []struct {
		model string
		rule  privacy.Annotation
		want  string
	}{
		{"Post", privacy.Allow("read", "publishd"),
			`schema Post: rule allow("read", "publishd"): column 1: unknown field "publishd" of Post`},
		{"Post", privacy.Allow("read", "auth().rol == ADMIN"),
			`schema Post: rule allow("read", "auth().rol == ADMIN"): column 8: unknown field "rol" of User`},
		{"Post", privacy.Allow("read", "viewCount == 'x'"),
			`column 11: type mismatch: cannot compare viewCount (Int) with "x" (String)`},
		{"Post", privacy.Allow("read", "title"),
			`column 1: a rule must be a Boolean condition, this is a String`},
		{"Post", privacy.Allow("read", "auth() == this"),
			`column 8: cannot compare auth() (User) with this (Post)`},
		{"Post", privacy.Allow("read", "shout(title)"), `column 1: unknown function shout()`},
		{"Post", privacy.Allow("read", "published ||"), `column 13: unexpected end of rule`},
		{"Post", privacy.Allow("raed", "true"), `unknown operation "raed"`},
		{"User", privacy.Allow("create", "posts?[published]"), `column 6: create rules may only follow relations whose foreign key is on User (posts is not): the row does not exist yet`},
		{"User", privacy.Allow("create", "check(profile)"), `create rules may only follow relations whose foreign key is on User (profile is not)`},
		{"User", privacy.Allow("read", "posts?[check(author)]"), `column 8: check(author): check() loops: the read rules reach themselves (User read → User read)`},
		{"Post", privacy.Allow("read", "status == draft"), `unknown field "status" of Post`},
		{"Post", privacy.Allow("read", "has(title, 'x')"), `has needs a list field`},
		{"Post", privacy.Allow("update", "future().author.role == ADMIN"), `an allow update rule must be decidable before the write`},
		{"Post", privacy.Deny("post-update", "author.role == ADMIN && before().author.role != ADMIN"), `values before it must be the model's own fields`},
	}
	for _, c := range cases {
		t.Run(c.rule.Rules[0].Expr, func(t *testing.T) {
			typ := node(g, c.model)
			saved := typ.Annotations[privacy.AnnotationName]
			defer func() { typ.Annotations[privacy.AnnotationName] = saved }()
			withRules(typ, c.rule)
			_, err := compilePolicies(g, "User", false)
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
}

// Field rules are checked the same way, and accept read and update only.
func TestCompileFieldRuleErrors(t *testing.T) {
	g := loadBlog(t)
	u := node(g, "User")
	var email *gen.Field
	for _, f := range u.Fields {
		if f.Name == "email" {
			email = f
		}
	}
	saved := email.Annotations[privacy.AnnotationName]
	defer func() { email.Annotations[privacy.AnnotationName] = saved }()
	cases := []struct {
		rule privacy.Annotation
		want string
	}{
		{privacy.Allow("delete", "true"), `schema User, field email: rule allow("delete", "true"): operation "delete" is not allowed on a field rule`},
		{privacy.Allow("read", "posts?[published]"), `collection predicates, check() and auth()'s relations are not supported in field read rules (evaluated in Go on each loaded row)`},
		{privacy.Allow("read", "profile.gender == 'f'"), `field read rules may use the row's own fields and auth() only`},
		{privacy.Allow("read", "auth() == tihs"), `column 11: unknown field "tihs" of User`},
	}
	for _, c := range cases {
		email.Annotations[privacy.AnnotationName] = c.rule
		_, err := compilePolicies(g, "User", false)
		require.ErrorContains(t, err, c.want)
	}
}

// The compiled Post policy: what the template pastes (the read predicate is
// quoted in the package's report).
func TestCompiledPost(t *testing.T) {
	g := loadBlog(t)
	ps, err := compilePolicies(g, "User", false)
	require.NoError(t, err)
	p := ps["Post"]
	require.True(t, p.Active)
	require.Contains(t, p.Read.Cond, "privacy.Cmp(post.FieldPublished, privacy.EQ, true)", "booleans compare with = ? (resource.FieldEQ)")
	require.Contains(t, p.Read.Cond, "privacy.Cmp(post.FieldAuthorID, privacy.EQ, a.ID)")
	require.Contains(t, p.Read.Cond, "a.Entity().Role == user.RoleADMIN")
	require.Equal(t, []string{
		"privacy.Or(privacy.Cmp(post.FieldPublished, privacy.EQ, true), privacy.When(a != nil, func() privacy.Cond { return privacy.Cmp(post.FieldAuthorID, privacy.EQ, a.ID) }, privacy.False))",
		"privacy.Deferred(a, func(a *viewer) privacy.Cond { return privacy.Bool(a.Entity() != nil && a.Entity().Role == user.RoleADMIN) })",
	}, p.Read.Allows, "only the rule reading auth()'s entity is deferred")
	require.Len(t, p.Update.Denies, 1)
	require.Contains(t, p.Update.Denies[0].Cond, "m.AuthorID()")
	require.NotContains(t, p.Update.Denies[0].Cond, "Columns", "an unchanged author folds to false")
	require.Equal(t, "(a != nil && hasAuthorID && a.ID == vAuthorID) || (a.Entity() != nil && a.Entity().Role == user.RoleADMIN)", p.Create.Allow)
	require.True(t, p.LoadViewer, "auth().role needs the viewer's entity")
	require.False(t, ps["Comment"].LoadViewer, "auth() == author needs only its id")
	var names []string
	for _, c := range p.Connects {
		names = append(names, c.E.Name)
	}
	require.Equal(t, []string{"comments", "tags"}, names, "edges whose other side holds the link")
}

// POL-OP-05: the v3 spelling (post-update + before()) compiles to the same
// pre-write predicate as the v2 future() rule.
func TestPostUpdateSpellingsAgree(t *testing.T) {
	g := loadBlog(t)
	post := node(g, "Post")
	base := []privacy.Annotation{
		privacy.Allow("read", "true"), privacy.Allow("update", "true"),
	}
	withRules(post, append(base, privacy.Deny("update", "future().authorId != authorId"))...)
	v2, err := compilePolicies(g, "User", false)
	require.NoError(t, err)
	withRules(post, append(base, privacy.Deny("post-update", "before().authorId != authorId"))...)
	v3, err := compilePolicies(g, "User", false)
	require.NoError(t, err)
	norm := func(s string) string { return strings.ReplaceAll(s, "privacy.NEQ, v", "X") }
	require.Len(t, v3["Post"].Update.Denies, 1)
	require.Equal(t, norm(v2["Post"].Update.Denies[0].Cond), norm(v3["Post"].Update.Denies[0].Cond))

	// A post-update allow rule is required to hold (POL-OP-02).
	withRules(post, append(base, privacy.Allow("post-update", "viewCount >= before().viewCount"))...)
	v3, err = compilePolicies(g, "User", false)
	require.NoError(t, err)
	require.Len(t, v3["Post"].Update.Denies, 1)
	require.Contains(t, v3["Post"].Update.Denies[0].Rule, "no post-update allow rule holds")
}

// POL-SEM-01: once any model has rules, a model without rules is denied
// everything; with no rules anywhere nothing is enforced.
func TestModelsWithoutRules(t *testing.T) {
	g := loadBlog(t)
	withRules(node(g, "Tag"))
	ps, err := compilePolicies(g, "User", false)
	require.NoError(t, err)
	require.Equal(t, "privacy.False", ps["Tag"].Read.Cond)
	require.Equal(t, "false", ps["Tag"].Create.Allow)

	for _, n := range g.Nodes {
		withRules(n)
		for _, f := range n.Fields {
			delete(f.Annotations, privacy.AnnotationName)
		}
	}
	ps, err = compilePolicies(g, "User", false)
	require.NoError(t, err)
	require.False(t, ps["Post"].Active)
	require.True(t, ps["Post"].Read.All)
}

// The auth model is needed only by rules that use auth(): any schema may
// be named with entx.AuthModel, and a graph without one generates as long
// as no rule asks for auth() (issue: Ent's own examples have no User).
func TestAuthModel(t *testing.T) {
	g := loadBlog(t)
	for _, n := range g.Nodes {
		withRules(n)
		for _, f := range n.Fields {
			delete(f.Annotations, privacy.AnnotationName)
		}
	}
	post := node(g, "Post")
	withRules(post, privacy.Allow("read", "published"))
	ps, err := compilePolicies(g, "Account", false)
	require.NoError(t, err, "no rule uses auth(): no auth model needed")
	require.Nil(t, ps["Post"].Auth)

	withRules(post, privacy.Allow("read", "published || auth() != null"))
	_, err = compilePolicies(g, "Account", false)
	require.ErrorContains(t, err, `auth() needs an auth model (the schema of signed-in users) and there is no schema "Account"`)
	require.ErrorContains(t, err, `entx.AuthModel(`, "the message says how to fix it")

	_, err = compilePolicies(g, "Acount", true)
	require.ErrorContains(t, err, `entx.AuthModel("Acount"): no schema of the graph has that name`)

	// Another model as the auth model: auth() is a Profile, its id and fields.
	withRules(post, privacy.Allow("read", "auth().gender == 'f'"))
	ps, err = compilePolicies(g, "Profile", true)
	require.NoError(t, err)
	require.Equal(t, "Profile", ps["Post"].Auth.Name)
	require.Contains(t, ps["Post"].Read.Cond, "a.Entity().Gender")
	require.True(t, ps["Post"].LoadViewer)
}

// A link held by a foreign key of the other side is checked as that key's
// change (privacy.LinkKey) when the other side's update rules read its new
// value: future() in a rule, or an update rule of the key field. Join
// tables and keys no rule reads are plain links.
func TestLinkKeys(t *testing.T) {
	keys := func(g *gen.Graph, model string) map[string]string {
		ps, err := compilePolicies(g, "User", false)
		require.NoError(t, err)
		out := map[string]string{}
		for _, c := range ps[model].Connects {
			out[c.E.Name] = ""
			if c.Key != nil {
				out[c.E.Name] = c.Key.Name
			}
		}
		return out
	}
	g := loadBlog(t)
	require.Equal(t, map[string]string{"posts": "author_id", "comments": "author_id", "profile": "user_id"}, keys(g, "User"),
		"deny future().authorId != authorId (and userId) on the other sides")
	require.Equal(t, map[string]string{"comments": "", "tags": ""}, keys(g, "Post"),
		"no rule reads a comment's future postId; a join table holds no key")

	comment := node(g, "Comment")
	var author *gen.Field
	for _, f := range comment.Fields {
		if f.Name == "author_id" {
			author = f
		}
	}
	saved, savedField := comment.Annotations[privacy.AnnotationName], author.Annotations
	defer func() {
		comment.Annotations[privacy.AnnotationName] = saved
		author.Annotations = savedField
	}()
	withRules(comment, privacy.Allow("read", "true"), privacy.Allow("update", "auth() == author"))
	require.Equal(t, "", keys(g, "User")["comments"], "no rule reads the key")
	author.Annotations = map[string]any{privacy.AnnotationName: privacy.Deny("update", "auth() == null")}
	require.Equal(t, "author_id", keys(g, "User")["comments"], "a field update rule of the key")
}

// Rules that need only auth()'s id are tried first, whatever their order
// in the schema: a create or a read-back they admit does not load the
// viewer's entity (Go's || and privacy.Or stop at the first that holds).
func TestRulesByIDGoFirst(t *testing.T) {
	g := loadBlog(t)
	post := node(g, "Post")
	withRules(post,
		privacy.Allow("all", "auth().role == ADMIN"),
		privacy.Allow("create,read", "auth() == author"),
	)
	ps, err := compilePolicies(g, "User", false)
	require.NoError(t, err)
	p := ps["Post"]
	require.Equal(t, "(a != nil && hasAuthorID && a.ID == vAuthorID) || (a.Entity() != nil && a.Entity().Role == user.RoleADMIN)", p.Create.Allow)
	require.Len(t, p.Read.Allows, 2)
	require.NotContains(t, p.Read.Allows[0], "Entity()")
	require.True(t, strings.HasPrefix(p.Read.Allows[1], "privacy.Deferred(a, "), p.Read.Allows[1])
}

// Update rules read auth()'s fields in SQL, in a sub-select of the
// viewer's row, besides Go for a loaded viewer (privacy.ViewerCond): an
// update by its author then needs only the token's id (UpdateByID). Not
// the auth model's own rules (MySQL refuses an UPDATE reading its own
// table). A comparison only Go makes (two lists) reads the loaded entity:
// TestGeneratedCodeVets' zoo has one.
func TestUpdateRulesReadTheViewerInSQL(t *testing.T) {
	for _, c := range []struct {
		name       string
		model      string
		rule       privacy.Annotation
		sub        bool // the rules hold the sub-select of the viewer's row
		updateByID bool
	}{
		{"auth().role", "Post", privacy.Allow("update", "auth().role == ADMIN"), true, true},
		{"the auth model's own rules", "User", privacy.Allow("update", "auth().role == ADMIN"), false, false},
		{"only the id", "Post", privacy.Allow("update", "auth() == author"), false, true},
		{"a post-update rule", "Post", privacy.Deny("post-update", "auth().role != ADMIN && published"), true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := loadBlog(t)
			// Something else reads the entity, so that the policy loads it
			// (LoadViewer) and UpdateByID says whether updates do.
			withRules(node(g, c.model), c.rule, privacy.Allow("read", "auth().role == ADMIN"))
			ps, err := compilePolicies(g, "User", false)
			require.NoError(t, err)
			p := ps[c.model]
			code := p.Update.Parts + p.Update.AfterParts
			require.Equal(t, c.sub, strings.Contains(code, "privacy.Exists(user.Table"), code)
			require.Equal(t, c.sub, strings.Contains(code, "privacy.ViewerCond(a, func(ve *User)"), code)
			require.Equal(t, c.updateByID, p.UpdateByID)
			require.True(t, p.LoadViewer)
		})
	}
}
