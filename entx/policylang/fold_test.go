package policylang

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/entstack/entstack/privacy"
)

// POL-EXPR-13: currentModel() and currentOperation() are literals of the
// operation a rule is compiled for; what literals decide is folded, and
// check() without an operation takes the rule's.
func TestSpecialize(t *testing.T) {
	cases := []struct {
		model, ops, rule, op, want string
	}{
		{"Post", "all", `currentOperation() == 'read'`, "read", `true`},
		{"Post", "all", `currentOperation() == 'read'`, "update", `false`},
		{"Post", "all", `currentOperation() == 'read' || published`, "update", `published`},
		{"Post", "all", `currentOperation() == 'read' || published`, "read", `true`},
		{"Post", "read", `currentModel('upper') == 'POST' && published`, "read", `published`},
		{"Post", "read", `currentModel('uncapitalize') in ['post', 'comment']`, "read", `true`},
		{"Post", "read", `startsWith(currentModel(), 'Po') && !!published`, "read", `published`},
		{"Post", "read", `contains(currentOperation('capitalize'), 'Rea', false)`, "read", `true`},
		{"Post", "read", `hasSome(['a', 'b'], ['b']) && hasEvery(['a'], ['a', 'c']) == false`, "read", `true`},
		{"Post", "read", `published == (1 < 2.5)`, "read", `published == true`},
		{"Post", "read", `comments?[false] || comments![true] && comments^[false]`, "read", `true`},
		{"Post", "read", `null == null && 'a' != null && !(1 >= 2)`, "read", `true`},
		{"Post", "read", `comments?[c, currentOperation() == 'read' && c.content == this.title]`, "read", `comments?[Comment.content == title]`},
		{"Comment", "read,update", `check(post)`, "update", `check(post, update)`},
		{"Comment", "read", `check(post, 'delete') == false`, "read", `!check(post, delete)`},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.op, func(t *testing.T) {
			e, err := Check(blog(), Context{Model: c.model, Ops: privacy.SplitOps(c.ops)}, c.rule)
			require.NoError(t, err)
			require.Equal(t, c.want, show(Specialize(e, c.model, c.op)))
		})
	}
}

// show renders a checked expression compactly, for tests.
func show(e Expr) string {
	switch e := e.(type) {
	case *Lit:
		if e.Value == nil {
			return "null"
		}
		switch v := e.Value.(type) {
		case string:
			return "'" + v + "'"
		case bool:
			if v {
				return "true"
			}
			return "false"
		}
	case *Ref:
		s := ""
		if e.Level > 0 || e.Field == nil && len(e.Path) == 0 {
			s = e.Model.Name
		}
		for _, p := range e.Path {
			s += "." + p.Name
		}
		if e.Field != nil {
			s += "." + e.Field.Name
		}
		if s[0] == '.' {
			s = s[1:]
		}
		return s
	case *Negation:
		return "!" + show(e.X)
	case *Logic:
		op := " || "
		if e.And {
			op = " && "
		}
		return "(" + show(e.L) + op + show(e.R) + ")"
	case *Compare:
		return show(e.L) + " " + [...]string{"==", "!=", "<", "<=", ">", ">="}[e.Op] + " " + show(e.R)
	case *Coll:
		owner := ""
		if len(e.Ref.Path) > 0 {
			owner = show(e.Ref) + "."
		}
		return owner + e.Edge.Name + string(e.Kind) + "[" + show(e.Pred) + "]"
	case *Delegate:
		return "check(" + show(e.Ref) + ", " + e.Op + ")"
	}
	return "?"
}
