package policylang

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/entstack/entstack/privacy"
)

// Type is the type of a checked expression.
type Type struct {
	Kind  Kind
	Model string // KindModel: the model
	Enum  *Field // KindEnum: the field whose values it takes (nil for a bare enum value)
	List  bool
}

func (t Type) String() string {
	s := t.Kind.String()
	switch {
	case t.Kind == KindModel:
		s = t.Model
	case t.Kind == KindEnum && t.Enum != nil:
		s = "enum " + t.Enum.Name
	}
	if t.List {
		s += "[]"
	}
	return s
}

// Expr is a type-checked expression.
type Expr interface {
	Pos() int
	Type() Type
}

// Root is what a reference starts from.
type Root uint8

// Roots of references.
const (
	RootThis   Root = iota // the row the rule is about (fields, edges, this)
	RootAuth               // auth()
	RootFuture             // future(): the row after an update (update rules)
	RootBefore             // before(): the row before an update (post-update rules)
)

// Checked expressions.
type (
	// Lit is a literal: bool, int64, float64, string, or nil (null).
	Lit struct {
		At    int
		T     Type
		Value any
	}
	// EnumLit is an enum value; Field is the enum field it was compared with.
	EnumLit struct {
		At    int
		Name  string
		Field *Field
	}
	// ListLit is an array literal.
	ListLit struct {
		At    int
		T     Type
		Elems []Expr
	}
	// Ref is a field or model reference: Root, then to-one edges (Path), then
	// Field. Field is nil for a model reference (this, auth(), author), which
	// compares by id.
	Ref struct {
		At    int
		Root  Root
		Model *Model // the model Root refers to
		Path  []*Edge
		Field *Field
		T     Type
	}
	// Coll is a collection predicate over the to-many Edge reached through
	// Ref (a model reference): Kind is '?' (some), '!' (every), '^' (none);
	// Pred is checked against the edge's target model.
	Coll struct {
		At   int
		Ref  *Ref
		Edge *Edge
		Kind byte
		Pred Expr
	}
	// Negation is !X.
	Negation struct {
		At int
		X  Expr
	}
	// Logic is L && R or L || R.
	Logic struct {
		At   int
		And  bool
		L, R Expr
	}
	// Compare is L op R.
	Compare struct {
		At   int
		Op   Op
		L, R Expr
	}
	// InList is X in List (a list literal).
	InList struct {
		At   int
		X    Expr
		List *ListLit
	}
	// Func is a function call: now, contains, startsWith, endsWith, has,
	// hasSome, hasEvery, isEmpty.
	Func struct {
		At   int
		Name string
		Args []Expr
		T    Type
	}
)

var (
	boolT = Type{Kind: KindBool}
	nullT = Type{Kind: KindNull}
)

func (e *Lit) Pos() int      { return e.At }
func (e *EnumLit) Pos() int  { return e.At }
func (e *ListLit) Pos() int  { return e.At }
func (e *Ref) Pos() int      { return e.At }
func (e *Coll) Pos() int     { return e.At }
func (e *Negation) Pos() int { return e.At }
func (e *Logic) Pos() int    { return e.At }
func (e *Compare) Pos() int  { return e.At }
func (e *Func) Pos() int     { return e.At }
func (e *InList) Pos() int   { return e.At }

func (e *Lit) Type() Type      { return e.T }
func (e *EnumLit) Type() Type  { return Type{Kind: KindEnum, Enum: e.Field} }
func (e *ListLit) Type() Type  { return e.T }
func (e *Ref) Type() Type      { return e.T }
func (e *Coll) Type() Type     { return boolT }
func (e *Negation) Type() Type { return boolT }
func (e *Logic) Type() Type    { return boolT }
func (e *Compare) Type() Type  { return boolT }
func (e *Func) Type() Type     { return e.T }
func (e *InList) Type() Type   { return boolT }

// Target returns the model a reference ends on (for a field reference, the
// model holding the field).
func (e *Ref) Target(s *Schema) *Model {
	if len(e.Path) == 0 {
		return e.Model
	}
	return s.Models[e.Path[len(e.Path)-1].Target]
}

// Context says where a rule is declared and for which operations.
type Context struct {
	Model string   // the model the rule is on
	Field string   // the field, for a field rule
	Ops   []string // the rule's operations
}

func (c Context) only(op string) bool {
	for _, o := range c.Ops {
		if o != op {
			return false
		}
	}
	return len(c.Ops) > 0
}

// Check parses and type-checks one rule: the result must be a Boolean.
// Errors are *PosError.
func Check(s *Schema, ctx Context, src string) (Expr, error) {
	n, err := Parse(src)
	if err != nil {
		return nil, err
	}
	m := s.Models[ctx.Model]
	if m == nil {
		return nil, fmt.Errorf("unknown model %q", ctx.Model)
	}
	c := &checker{s: s, ctx: ctx, src: src, scope: m, rule: m}
	e, err := c.expr(n)
	if err != nil {
		return nil, err
	}
	if t := e.Type(); t.Kind != KindBool || t.List {
		return nil, c.errf(n, "a rule must be a Boolean condition, this is a %s", t)
	}
	return e, nil
}

type checker struct {
	s     *Schema
	ctx   Context
	src   string
	rule  *Model // the model the rule is declared on
	scope *Model // the model names resolve against (changes inside collection predicates)
	inner bool   // inside a collection predicate
}

func (c *checker) errf(n Node, format string, args ...any) error {
	return errAt(c.src, n.Pos(), format, args...)
}

func (c *checker) expr(n Node) (Expr, error) {
	switch n := n.(type) {
	case *Number:
		if n.Float {
			v, _ := strconv.ParseFloat(n.Text, 64)
			return &Lit{At: n.At, T: Type{Kind: KindFloat}, Value: v}, nil
		}
		v, err := strconv.ParseInt(n.Text, 10, 64)
		if err != nil {
			return nil, c.errf(n, "integer %s out of range", n.Text)
		}
		return &Lit{At: n.At, T: Type{Kind: KindInt}, Value: v}, nil
	case *String:
		return &Lit{At: n.At, T: Type{Kind: KindString}, Value: n.Value}, nil
	case *Array:
		return c.array(n)
	case *Ident:
		return c.ident(n)
	case *Member:
		return c.member(n)
	case *Call:
		return c.call(n)
	case *Quant:
		return c.quant(n)
	case *Unary:
		x, err := c.boolean(n.X, "!")
		if err != nil {
			return nil, err
		}
		return &Negation{At: n.At, X: x}, nil
	case *Binary:
		if n.Op == "&&" || n.Op == "||" {
			l, err := c.boolean(n.L, n.Op)
			if err != nil {
				return nil, err
			}
			r, err := c.boolean(n.R, n.Op)
			if err != nil {
				return nil, err
			}
			return &Logic{At: n.At, And: n.Op == "&&", L: l, R: r}, nil
		}
		return c.compare(n)
	}
	return nil, c.errf(n, "unsupported expression %s", n)
}

func (c *checker) boolean(n Node, op string) (Expr, error) {
	e, err := c.expr(n)
	if err != nil {
		return nil, err
	}
	if t := e.Type(); t.Kind != KindBool || t.List {
		return nil, c.errf(n, "%s needs a Boolean, %s is a %s", op, n, t)
	}
	return e, nil
}

func (c *checker) array(n *Array) (Expr, error) {
	l := &ListLit{At: n.At, T: Type{Kind: KindNull, List: true}}
	for _, en := range n.Elems {
		e, err := c.expr(en)
		if err != nil {
			return nil, err
		}
		if _, ok := e.(*Lit); !ok {
			if _, ok := e.(*EnumLit); !ok {
				return nil, c.errf(en, "array elements must be literals or enum values")
			}
		}
		t := e.Type()
		switch {
		case l.T.Kind == KindNull:
			l.T.Kind, l.T.Enum = t.Kind, t.Enum
		case !comparable(l.T.Kind, t.Kind):
			return nil, c.errf(en, "array mixes %s and %s", l.T.Kind, t.Kind)
		}
		l.Elems = append(l.Elems, e)
	}
	return l, nil
}

func (c *checker) ident(n *Ident) (Expr, error) {
	switch n.Name {
	case "true", "false":
		return &Lit{At: n.At, T: boolT, Value: n.Name == "true"}, nil
	case "null":
		return &Lit{At: n.At, T: nullT}, nil
	case "this":
		if c.inner {
			return nil, c.errf(n, "this inside a collection predicate is not supported")
		}
		return &Ref{At: n.At, Root: RootThis, Model: c.scope, T: Type{Kind: KindModel, Model: c.scope.Name}}, nil
	}
	ref := &Ref{At: n.At, Root: RootThis, Model: c.scope}
	if r, ok := c.step(ref, c.scope, n.Name); ok {
		return r, nil
	}
	if c.isEnumValue(n.Name) {
		return &EnumLit{At: n.At, Name: n.Name}, nil
	}
	return nil, c.errf(n, "unknown field %q of %s", n.Name, c.scope.Name)
}

// step extends ref by the field or edge name of model m.
func (c *checker) step(ref *Ref, m *Model, name string) (*Ref, bool) {
	if f := m.Field(name); f != nil {
		r := *ref
		r.Field = f
		r.T = Type{Kind: f.Kind, List: f.List}
		if f.Kind == KindEnum {
			r.T.Enum = f
		}
		return &r, true
	}
	if e := m.Edge(name); e != nil {
		r := *ref
		r.Path = append(slices.Clone(ref.Path), e)
		r.T = Type{Kind: KindModel, Model: e.Target, List: !e.Unique}
		return &r, true
	}
	return nil, false
}

func (c *checker) isEnumValue(name string) bool {
	for _, m := range c.s.Models {
		for _, f := range m.Fields {
			if f.Kind == KindEnum && slices.Contains(f.Enum, name) {
				return true
			}
		}
	}
	return false
}

func (c *checker) member(n *Member) (Expr, error) {
	x, err := c.expr(n.X)
	if err != nil {
		return nil, err
	}
	ref, ok := x.(*Ref)
	if !ok || ref.Field != nil || ref.T.Kind != KindModel {
		return nil, c.errf(n, "%s has no fields: it is a %s", n.X, x.Type())
	}
	if ref.T.List {
		return nil, c.errf(n, "%s is a to-many relation: use %s?[…], %s![…] or %s^[…]", n.X, n.X, n.X, n.X)
	}
	m := c.s.Models[ref.T.Model]
	r, ok := c.step(ref, m, n.Name)
	if !ok {
		return nil, c.errf(n, "unknown field %q of %s (%s)", n.Name, m.Name, n.X)
	}
	return r, nil
}

func (c *checker) call(n *Call) (Expr, error) {
	switch n.Name {
	case "auth", "future", "before":
		if len(n.Args) > 0 {
			return nil, c.errf(n, "%s() takes no arguments", n.Name)
		}
		ref := &Ref{At: n.At}
		switch n.Name {
		case "auth":
			ref.Root, ref.Model = RootAuth, c.s.Models[c.s.Auth]
			if ref.Model == nil {
				return nil, c.errf(n, "auth() needs an auth model (the schema of signed-in users) and there is no schema %q: "+
					"name yours in ent/entc.go with entx.NewExtension(entx.AuthModel(\"Account\"))", c.s.Auth)
			}
		case "future":
			if !c.ctx.only(privacy.OpUpdate) || c.ctx.Field != "" {
				return nil, c.errf(n, "future() is only allowed in model rules whose only operation is update")
			}
			ref.Root, ref.Model = RootFuture, c.rule
		case "before":
			if !c.ctx.only(privacy.OpPostUpdate) {
				return nil, c.errf(n, "before() is only allowed in post-update rules")
			}
			ref.Root, ref.Model = RootBefore, c.rule
		}
		if c.inner && ref.Root != RootAuth {
			return nil, c.errf(n, "%s() inside a collection predicate is not supported", n.Name)
		}
		ref.T = Type{Kind: KindModel, Model: ref.Model.Name}
		return ref, nil
	case "now":
		if len(n.Args) > 0 {
			return nil, c.errf(n, "now() takes no arguments")
		}
		return &Func{At: n.At, Name: "now", T: Type{Kind: KindTime}}, nil
	}
	args := make([]Expr, len(n.Args))
	for i, a := range n.Args {
		e, err := c.expr(a)
		if err != nil {
			return nil, err
		}
		args[i] = e
	}
	f := &Func{At: n.At, Name: n.Name, Args: args, T: boolT}
	want := func(min, max int) error {
		if len(args) < min || len(args) > max {
			if min == max {
				return c.errf(n, "%s takes %d arguments, got %d", n.Name, min, len(args))
			}
			return c.errf(n, "%s takes %d to %d arguments, got %d", n.Name, min, max, len(args))
		}
		return nil
	}
	switch n.Name {
	case FnContains, FnStartsWith, FnEndsWith:
		if err := want(2, 3); err != nil {
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
	case "has", "hasSome", "hasEvery", "isEmpty":
		if n.Name == "isEmpty" {
			if err := want(1, 1); err != nil {
				return nil, err
			}
		} else if err := want(2, 2); err != nil {
			return nil, err
		}
		lt := args[0].Type()
		if !lt.List || lt.Kind == KindModel {
			return nil, c.errf(n.Args[0], "%s needs a list field, %s is a %s", n.Name, n.Args[0], lt)
		}
		if n.Name != "isEmpty" {
			at := args[1].Type()
			if (n.Name == "has") == at.List || !comparable(lt.Kind, at.Kind) {
				return nil, c.errf(n.Args[1], "%s(%s, …): %s is a %s", n.Name, n.Args[0], n.Args[1], at)
			}
			if err := c.resolveEnums(n.Args[1], args[1], args[0]); err != nil {
				return nil, err
			}
		}
	default:
		return nil, c.errf(n, "unknown function %s() (auth, future, before, now, contains, startsWith, endsWith, has, hasSome, hasEvery, isEmpty)", n.Name)
	}
	return f, nil
}

func (c *checker) quant(n *Quant) (Expr, error) {
	x, err := c.expr(n.X)
	if err != nil {
		return nil, err
	}
	ref, ok := x.(*Ref)
	if !ok || ref.Field != nil || !ref.T.List || len(ref.Path) == 0 {
		return nil, c.errf(n, "%c[…] needs a to-many relation, %s is a %s", n.Kind, n.X, x.Type())
	}
	e := ref.Path[len(ref.Path)-1]
	owner := *ref
	owner.Path = ref.Path[:len(ref.Path)-1]
	target := c.s.Models[e.Target]
	sub := &checker{s: c.s, ctx: c.ctx, src: c.src, rule: c.rule, scope: target, inner: true}
	pred, err := sub.boolean(n.Pred, string(n.Kind)+"[…]")
	if err != nil {
		return nil, err
	}
	return &Coll{At: n.At, Ref: &owner, Edge: e, Kind: n.Kind, Pred: pred}, nil
}

var ops = map[string]Op{"==": EQ, "!=": NEQ, "<": LT, "<=": LTE, ">": GT, ">=": GTE}

func (c *checker) compare(n *Binary) (Expr, error) {
	l, err := c.expr(n.L)
	if err != nil {
		return nil, err
	}
	r, err := c.expr(n.R)
	if err != nil {
		return nil, err
	}
	if n.Op == "in" {
		return c.in(n, l, r)
	}
	op := ops[n.Op]
	lt, rt := l.Type(), r.Type()
	if lt.List || rt.List {
		return nil, c.errf(n, "cannot compare lists (%s %s %s): use has, hasSome, hasEvery or a collection predicate", n.L, n.Op, n.R)
	}
	if lt.Kind == KindNull || rt.Kind == KindNull {
		if op != EQ && op != NEQ {
			return nil, c.errf(n, "null can only be compared with == or !=")
		}
		return &Compare{At: n.At, Op: op, L: l, R: r}, nil
	}
	switch {
	case lt.Kind == KindModel || rt.Kind == KindModel:
		if lt.Kind != rt.Kind || lt.Model != rt.Model {
			return nil, c.errf(n, "cannot compare %s (%s) with %s (%s)", n.L, lt, n.R, rt)
		}
		if op != EQ && op != NEQ {
			return nil, c.errf(n, "models can only be compared with == or !=")
		}
	case !comparable(lt.Kind, rt.Kind):
		return nil, c.errf(n, "type mismatch: cannot compare %s (%s) with %s (%s)", n.L, lt, n.R, rt)
	case op != EQ && op != NEQ && !ordered(lt.Kind):
		return nil, c.errf(n, "%s values cannot be ordered with %s", lt.Kind, n.Op)
	}
	if err := c.resolveEnums(n.L, l, r); err != nil {
		return nil, err
	}
	if err := c.resolveEnums(n.R, r, l); err != nil {
		return nil, err
	}
	return &Compare{At: n.At, Op: op, L: l, R: r}, nil
}

// resolveEnums ties enum values in e to the enum field of other and checks
// that they are values of it.
func (c *checker) resolveEnums(n Node, e, other Expr) error {
	ot := other.Type()
	check := func(el *EnumLit) error {
		if ot.Enum == nil {
			return c.errf(n, "%s is an enum value, %s is not an enum field", el.Name, other.Type())
		}
		if !slices.Contains(ot.Enum.Enum, el.Name) {
			return c.errf(n, "%q is not a value of %s (%v)", el.Name, ot.Enum.Name, ot.Enum.Enum)
		}
		el.Field = ot.Enum
		return nil
	}
	switch e := e.(type) {
	case *EnumLit:
		return check(e)
	case *ListLit:
		for _, x := range e.Elems {
			if el, ok := x.(*EnumLit); ok {
				if err := check(el); err != nil {
					return err
				}
			}
		}
		e.T.Enum = ot.Enum
	}
	return nil
}

func comparable(a, b Kind) bool {
	num := func(k Kind) bool { return k == KindInt || k == KindFloat }
	return a == b && a != KindOther || num(a) && num(b)
}

func ordered(k Kind) bool {
	return k == KindInt || k == KindFloat || k == KindString || k == KindTime
}

// in checks x in [a, b, …]: a scalar against a list literal of its kind.
func (c *checker) in(n *Binary, l, r Expr) (Expr, error) {
	list, ok := r.(*ListLit)
	if !ok {
		return nil, c.errf(n.R, "in needs a list literal [a, b, …], %s is a %s", n.R, r.Type())
	}
	lt := l.Type()
	if lt.List || lt.Kind == KindModel || lt.Kind == KindNull {
		return nil, c.errf(n.L, "in needs a scalar on its left, %s is a %s", n.L, lt)
	}
	if len(list.Elems) > 0 && !comparable(lt.Kind, list.T.Kind) {
		return nil, c.errf(n, "type mismatch: %s (%s) in a list of %s", n.L, lt, list.T.Kind)
	}
	if err := c.resolveEnums(n.R, list, l); err != nil {
		return nil, err
	}
	if _, ok := l.(*EnumLit); ok {
		return nil, c.errf(n.L, "in needs a field or a value on its left, not an enum value")
	}
	return &InList{At: n.At, X: l, List: list}, nil
}
