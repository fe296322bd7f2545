package policylang

import (
	"slices"
	"strings"
)

// Operations check() may name (post-update has no rules to delegate to:
// its conditions are about a write, not a row).
var checkOps = []string{"create", "read", "update", "delete"}

// Casings currentModel and currentOperation take.
var casings = []string{"original", "upper", "lower", "capitalize", "uncapitalize"}

func (c *checker) call(n *Call) (Expr, error) {
	switch n.Name {
	case FnAuth, FnFuture, FnBefore:
		return c.root(n)
	case FnNow:
		if len(n.Args) > 0 {
			return nil, c.errf(n, "now() takes no arguments")
		}
		return &Func{At: n.At, Name: FnNow, T: Type{Kind: KindTime}}, nil
	case FnCheck:
		return c.check(n)
	case FnCurrentModel, FnCurrentOperation:
		return c.current(n)
	}
	args := make([]Expr, len(n.Args))
	for i, a := range n.Args {
		e, err := c.expr(a)
		if err != nil {
			return nil, err
		}
		args[i] = e
	}
	switch n.Name {
	case FnContains, FnStartsWith, FnEndsWith:
		return c.stringFunc(n, args)
	case FnHas, FnHasSome, FnHasEvery, FnIsEmpty:
		return c.listFunc(n, args)
	}
	return nil, c.errf(n, "unknown function %s()%s (%s)", n.Name, suggest(n.Name, functions), strings.Join(functions, ", "))
}

// root checks auth(), future() and before().
func (c *checker) root(n *Call) (Expr, error) {
	if len(n.Args) > 0 {
		return nil, c.errf(n, "%s() takes no arguments", n.Name)
	}
	ref := &Ref{At: n.At}
	switch n.Name {
	case FnAuth:
		ref.Root, ref.Model = RootAuth, c.s.Models[c.s.Auth]
		if ref.Model == nil {
			return nil, c.errf(n, "auth() needs an auth model (the schema of signed-in users) and there is no schema %q: "+
				"name yours in ent/entc.go with entx.NewExtension(entx.AuthModel(\"Account\"))", c.s.Auth)
		}
	case FnFuture:
		if !c.ctx.only("update") || c.ctx.Field != "" {
			return nil, c.errf(n, "future() is only allowed in model rules whose only operation is update")
		}
		ref.Root, ref.Model = RootFuture, c.rule
	case FnBefore:
		if !c.ctx.only("post-update") {
			return nil, c.errf(n, "before() is only allowed in post-update rules")
		}
		ref.Root, ref.Model = RootBefore, c.rule
	}
	if c.inner() && ref.Root != RootAuth {
		return nil, c.errf(n, "%s() inside a collection predicate is not supported", n.Name)
	}
	ref.T = Type{Kind: KindModel, Model: ref.Model.Name}
	return ref, nil
}

// check checks check(relation[, operation]).
func (c *checker) check(n *Call) (Expr, error) {
	if len(n.Args) < 1 || len(n.Args) > 2 {
		return nil, c.errf(n, "check takes a relation and an optional operation: check(relation) or check(relation, 'read')")
	}
	x, err := c.expr(n.Args[0])
	if err != nil {
		return nil, err
	}
	ref, ok := x.(*Ref)
	if !ok || ref.Root != RootThis || ref.Level != c.level || ref.Field != nil || len(ref.Path) == 0 {
		return nil, c.errf(n.Args[0], "check needs a relation of %s, %s is a %s", c.scope.Name, n.Args[0], x.Type())
	}
	if ref.T.List {
		return nil, c.errf(n.Args[0], "check needs a to-one relation, %s is to-many: use %s?[…] with the conditions you need", n.Args[0], n.Args[0])
	}
	d := &Delegate{At: n.At, Ref: ref, Src: c.src[n.At:callEnd(c.src, n.At)]}
	if len(n.Args) == 2 {
		op, ok := n.Args[1].(*String)
		if !ok || !slices.Contains(checkOps, op.Value) {
			return nil, c.errf(n.Args[1], "the operation of check must be one of %s, in quotes", quoted(checkOps))
		}
		d.Op = op.Value
	} else if c.ctx.has("post-update") {
		return nil, c.errf(n, "check in a post-update rule needs an operation: check(%s, 'read')", n.Args[0])
	}
	return d, nil
}

// current checks currentModel([casing]) and currentOperation([casing]).
func (c *checker) current(n *Call) (Expr, error) {
	f := &Func{At: n.At, Name: n.Name, T: stringT}
	switch len(n.Args) {
	case 0:
	case 1:
		s, ok := n.Args[0].(*String)
		if !ok || !slices.Contains(casings, s.Value) {
			return nil, c.errf(n.Args[0], "the casing of %s must be one of %s", n.Name, quoted(casings))
		}
		f.Args = []Expr{&Lit{At: s.At, T: stringT, Value: s.Value}}
	default:
		return nil, c.errf(n, "%s takes at most one argument (the casing)", n.Name)
	}
	return f, nil
}

func (c *checker) want(n *Call, args []Expr, min, max int) error {
	if len(args) < min || len(args) > max {
		if min == max {
			return c.errf(n, "%s takes %d arguments, got %d", n.Name, min, len(args))
		}
		return c.errf(n, "%s takes %d to %d arguments, got %d", n.Name, min, max, len(args))
	}
	return nil
}

// stringFunc checks contains, startsWith and endsWith.
func (c *checker) stringFunc(n *Call, args []Expr) (Expr, error) {
	if err := c.want(n, args, 2, 3); err != nil {
		return nil, err
	}
	for i := 0; i < 2; i++ {
		if t := args[i].Type(); t.Kind != KindString || t.List {
			return nil, c.errf(n.Args[i], "%s needs Strings, %s is a %s", n.Name, n.Args[i], t)
		}
	}
	if len(args) == 3 {
		if l, ok := args[2].(*Lit); !ok || l.T.Kind != KindBool {
			return nil, c.errf(n.Args[2], "the caseInsensitive argument of %s must be true or false", n.Name)
		}
	}
	return &Func{At: n.At, Name: n.Name, Args: args, T: boolT}, nil
}

// listFunc checks has(list, value), hasSome(list, values),
// hasEvery(list, values) and isEmpty(list). The list is a list field or a
// list literal; values are a list literal or a list field.
func (c *checker) listFunc(n *Call, args []Expr) (Expr, error) {
	max := 2
	if n.Name == FnIsEmpty {
		max = 1
	}
	if err := c.want(n, args, max, max); err != nil {
		return nil, err
	}
	lt := args[0].Type()
	if !lt.List || lt.Kind == KindModel {
		return nil, c.errf(n.Args[0], "%s needs a list field, %s is a %s", n.Name, n.Args[0], lt)
	}
	if n.Name != FnIsEmpty {
		at := args[1].Type()
		if (n.Name == FnHas) == at.List || at.Kind == KindModel || at.Kind == KindNull && !at.List ||
			at.Kind != KindNull && !comparable(lt.Kind, at.Kind) {
			want := "a " + lt.Kind.String()
			if n.Name != FnHas {
				want = "a list of " + lt.Kind.String()
			}
			return nil, c.errf(n.Args[1], "%s(%s, …) needs %s, %s is a %s", n.Name, n.Args[0], want, n.Args[1], at)
		}
		if err := c.resolveEnums(n.Args[1], args[1], args[0]); err != nil {
			return nil, err
		}
	}
	return &Func{At: n.At, Name: n.Name, Args: args, T: boolT}, nil
}

func quoted(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = "'" + x + "'"
	}
	return strings.Join(q, ", ")
}

// callEnd returns the offset just past the call starting at pos: its
// closing parenthesis (the parser has matched them).
func callEnd(src string, pos int) int {
	depth, quote := 0, byte(0)
	for i := pos; i < len(src); i++ {
		switch ch := src[i]; {
		case quote != 0:
			if ch == '\\' {
				i++
			} else if ch == quote {
				quote = 0
			}
		case ch == '"' || ch == '\'':
			quote = ch
		case ch == '(':
			depth++
		case ch == ')':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return len(src)
}
