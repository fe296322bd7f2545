package policylang

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	RootThis   Root = iota // a row of the rule's scope (fields, edges, this, a bound element)
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
	// compares by id. Level says which row a RootThis reference starts from:
	// 0 is the row the rule is about, n the element of the n-th enclosing
	// collection predicate; a Level below the scope's is a reference to an
	// outer row (this.x, or a bound element, inside a collection predicate).
	Ref struct {
		At    int
		Root  Root
		Level int
		Model *Model // the model Root refers to
		Path  []*Edge
		Field *Field
		T     Type
	}
	// Coll is a collection predicate over the to-many Edge reached through
	// Ref (a model reference): Kind is '?' (some), '!' (every), '^' (none);
	// Pred is checked against the edge's target model, whose rows are at
	// Level.
	Coll struct {
		At    int
		Ref   *Ref
		Edge  *Edge
		Kind  byte
		Level int
		Pred  Expr
	}
	// Delegate is check(relation, op): the related row passes the rules of
	// its model for Op. Op is empty until Specialize sets it to the
	// operation the rule is compiled for.
	Delegate struct {
		At  int
		Ref *Ref // a to-one relation of the scope's row
		Op  string
		Src string // the call as written, for messages
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
	// Func is a function call: now, currentModel, currentOperation (both
	// replaced by literals in Specialize), contains, startsWith, endsWith,
	// has, hasSome, hasEvery, isEmpty.
	Func struct {
		At   int
		Name string
		Args []Expr
		T    Type
	}
)

var (
	boolT   = Type{Kind: KindBool}
	nullT   = Type{Kind: KindNull}
	stringT = Type{Kind: KindString}
)

func (e *Lit) Pos() int      { return e.At }
func (e *EnumLit) Pos() int  { return e.At }
func (e *ListLit) Pos() int  { return e.At }
func (e *Ref) Pos() int      { return e.At }
func (e *Coll) Pos() int     { return e.At }
func (e *Delegate) Pos() int { return e.At }
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
func (e *Delegate) Type() Type { return boolT }
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

func (c Context) has(op string) bool { return slices.Contains(c.Ops, op) }

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

// binding is a name bound to the element of a collection predicate.
type binding struct {
	model *Model
	level int
}

type checker struct {
	s     *Schema
	ctx   Context
	src   string
	rule  *Model // the model the rule is declared on
	scope *Model // the model names resolve against (changes inside collection predicates)
	level int    // the level of scope's rows: 0 outside collection predicates
	binds map[string]binding
}

func (c *checker) errf(n Node, format string, args ...any) error {
	return errAt(c.src, n.Pos(), format, args...)
}

func (c *checker) inner() bool { return c.level > 0 }

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
		return &Lit{At: n.At, T: stringT, Value: n.Value}, nil
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
		// Inside a collection predicate, this escapes to the rule's row.
		return &Ref{At: n.At, Root: RootThis, Model: c.rule, T: Type{Kind: KindModel, Model: c.rule.Name}}, nil
	}
	if b, ok := c.binds[n.Name]; ok {
		return &Ref{At: n.At, Root: RootThis, Level: b.level, Model: b.model, T: Type{Kind: KindModel, Model: b.model.Name}}, nil
	}
	ref := &Ref{At: n.At, Root: RootThis, Level: c.level, Model: c.scope}
	if r, ok := c.step(ref, c.scope, n.Name); ok {
		return r, nil
	}
	if c.isEnumValue(n.Name, false) || c.isEnumValue(n.Name, true) {
		// A value of no enum but one in another case is reported, with
		// the enum's values, once the comparison names the enum.
		return &EnumLit{At: n.At, Name: n.Name}, nil
	}
	return nil, c.errf(n, "unknown field %q of %s%s", n.Name, c.scope.Name, suggest(n.Name, c.scope.names()))
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

// isEnumValue reports whether name is a value of some enum field, exactly
// or (fold) in another case.
func (c *checker) isEnumValue(name string, fold bool) bool {
	for _, m := range c.s.Models {
		for _, f := range m.Fields {
			if f.Kind != KindEnum {
				continue
			}
			for _, v := range f.Enum {
				if v == name || fold && strings.EqualFold(v, name) {
					return true
				}
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
	if k := len(ref.Path); k > 0 && ref.Path[k-1].FK != nil && m.ID != nil && (n.Name == m.ID.Name || n.Name == m.ID.APIName) {
		// rel.id is the foreign key the row holds: no join, and for
		// auth().organization.id the loaded viewer's field.
		fk := ref.Path[k-1].FK
		r := *ref
		r.Path, r.Field = ref.Path[:k-1], fk
		r.T = Type{Kind: fk.Kind}
		return &r, nil
	}
	r, ok := c.step(ref, m, n.Name)
	if !ok {
		return nil, c.errf(n, "unknown field %q of %s (%s)%s", n.Name, m.Name, n.X, suggest(n.Name, m.names()))
	}
	return r, nil
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
	if ref.Root == RootFuture || ref.Root == RootBefore {
		return nil, c.errf(n, "collection predicates on %s are not supported", n.X)
	}
	e := ref.Path[len(ref.Path)-1]
	owner := *ref
	owner.Path = ref.Path[:len(ref.Path)-1]
	owner.T = Type{Kind: KindModel, Model: owner.Target(c.s).Name}
	target := c.s.Models[e.Target]
	sub := &checker{s: c.s, ctx: c.ctx, src: c.src, rule: c.rule, scope: target, level: c.level + 1, binds: c.binds}
	if n.Bind != "" {
		if n.Bind == "this" || target.Field(n.Bind) != nil || target.Edge(n.Bind) != nil {
			return nil, errAt(c.src, n.BindAt, "the name %s of the element of %s is taken: choose another", n.Bind, n.X)
		}
		sub.binds = make(map[string]binding, len(c.binds)+1)
		for k, v := range c.binds {
			sub.binds[k] = v
		}
		sub.binds[n.Bind] = binding{model: target, level: sub.level}
	}
	pred, err := sub.boolean(n.Pred, string(n.Kind)+"[…]")
	if err != nil {
		return nil, err
	}
	return &Coll{At: n.At, Ref: &owner, Edge: e, Kind: n.Kind, Level: sub.level, Pred: pred}, nil
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
	if err := c.enumsFirst(n, l, r); err != nil {
		return nil, err
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

// enumsFirst reports an enum value compared with something that is not
// one of its enum's values before the type check does: `status == DONE`,
// where the value is done, says so; `title == DONE` is an unknown field.
func (c *checker) enumsFirst(n *Binary, l, r Expr) error {
	if _, ok := r.(*EnumLit); ok {
		return c.resolveEnums(n.R, r, l)
	}
	if _, ok := l.(*EnumLit); ok {
		return c.resolveEnums(n.L, l, r)
	}
	return nil
}

// resolveEnums ties enum values in e to the enum field of other and checks
// that they are values of it.
func (c *checker) resolveEnums(n Node, e, other Expr) error {
	ot := other.Type()
	check := func(el *EnumLit) error {
		if ot.Enum == nil {
			if !c.isEnumValue(el.Name, false) {
				return c.errf(n, "unknown field %q of %s%s", el.Name, c.scope.Name, suggest(el.Name, c.scope.names()))
			}
			return c.errf(n, "%s is an enum value, %s is not an enum field", el.Name, other.Type())
		}
		if !slices.Contains(ot.Enum.Enum, el.Name) {
			name := ot.Enum.EnumType
			if name == "" {
				name = ot.Enum.Name
			}
			hint := ""
			for _, v := range ot.Enum.Enum {
				if strings.EqualFold(v, el.Name) {
					hint = ": did you mean " + v + "?"
				}
			}
			return c.errf(n, "%q is not a value of %s (%s)%s", el.Name, name, strings.Join(ot.Enum.Enum, ", "), hint)
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

// in checks x in [a, b, …] (a scalar against a list literal of its kind)
// and x in listField, which is has(listField, x).
func (c *checker) in(n *Binary, l, r Expr) (Expr, error) {
	lt := l.Type()
	if lt.List || lt.Kind == KindModel || lt.Kind == KindNull {
		return nil, c.errf(n.L, "in needs a scalar on its left, %s is a %s", n.L, lt)
	}
	if ref, ok := r.(*Ref); ok && ref.Field != nil && ref.T.List {
		return c.listFunc(&Call{At: n.At, Name: FnHas, Args: []Node{n.R, n.L}}, []Expr{r, l})
	}
	list, ok := r.(*ListLit)
	if !ok {
		return nil, c.errf(n.R, "in needs a list literal [a, b, …] or a list field, %s is a %s", n.R, r.Type())
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

// names lists the fields and edges of m, for suggestions.
func (m *Model) names() []string {
	var out []string
	if m.ID != nil {
		out = append(out, m.ID.Name)
	}
	for _, f := range m.Fields {
		out = append(out, f.Name)
		if f.APIName != f.Name {
			out = append(out, f.APIName)
		}
	}
	for _, e := range m.Edges {
		out = append(out, e.Name)
	}
	return out
}

// suggest returns " (did you mean x?)" for the candidate closest to name,
// when one is close enough to be a typo.
func suggest(name string, candidates []string) string {
	best, dist := "", len(name)/3+1
	for _, cand := range candidates {
		if d := distance(strings.ToLower(name), strings.ToLower(cand)); d < dist {
			best, dist = cand, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// distance is the Levenshtein distance of a and b.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
