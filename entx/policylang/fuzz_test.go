package policylang

import (
	"errors"
	"testing"

	"github.com/entstack/entstack/privacy"
)

// FuzzCheck feeds arbitrary rule text to the parser and the type checker:
// they must never panic (nor Specialize on what they accept), and every rejection must be a *PosError whose
// column lies within the rule (go generate reports it to the user).
func FuzzCheck(f *testing.F) {
	for _, seed := range []string{
		`published || auth() == author`,
		`auth() != null && auth() == author && post.published`,
		`auth().role == ADMIN`,
		`future().authorId != authorId`,
		`before().authorId != authorId`,
		`posts?[published && viewCount > 10]`,
		`posts![published] || posts^[title == 'x']`,
		`contains(title, "go", true) && startsWith(title, 'a')`,
		`role in [USER, ADMIN]`,
		`now() > createdAt`,
		`posts?[p, p.published && comments?[c, c.post == p && this.name != c.content]]`,
		`auth().posts?[id == this.id] && check(author, 'read') || check(post)`,
		`currentModel('lower') == 'post' && currentOperation() in ['read', 'update']`,
		`has(labels, 'go') || hasSome(labels, ['a']) && hasEvery(labels, []) || isEmpty(labels) || 'x' in labels`,
		`role == admin`,
		`!(a.b.c == 1.5e3)`,
		`((((`,
		`"unterminated`,
		`auth(`,
		`posts?[`,
		`1 == == 2`,
		"\x00\xff",
	} {
		f.Add(seed, uint8(1), "read")
	}
	f.Add(`auth() == this`, uint8(0), "update")
	f.Add(`role == ADMIN && auth().role != ADMIN`, uint8(0), "create")
	models := []string{"User", "Post", "Comment"} // entx only checks rules of real models
	f.Fuzz(func(t *testing.T, src string, model uint8, ops string) {
		ctx := Context{Model: models[int(model)%len(models)], Ops: privacy.SplitOps(ops)}
		e, err := Check(blog(), ctx, src)
		if err == nil {
			for _, op := range ctx.Ops {
				Specialize(e, ctx.Model, op) // must not panic
			}
			return
		}
		var pe *PosError
		if !errors.As(err, &pe) {
			t.Fatalf("Check(%q) error is %T (%v), want *PosError", src, err, err)
		}
		if pe.Col < 0 || pe.Col > len(src)+1 {
			t.Fatalf("Check(%q): column %d outside the rule (length %d)", src, pe.Col, len(src))
		}
	})
}
