package entx

import (
	"errors"
	"fmt"
	"slices"

	"entgo.io/ent/entc/gen"
	"github.com/entstack/entstack/entx/policylang"
)

// sqlCompiler turns a checked rule into a privacy.Cond expression over the
// rows of t: references to the row become columns (through to-one edges,
// Has<Edge>With sub-selects), auth() and literals stay Go values, so the
// Cond folds them at run time.
//
// With mutation set (update rules), future().x is the value the mutation
// writes to x, or the column itself when the mutation leaves x alone; so
// `future().authorId != authorId` becomes the pre-write predicate
// `author_id <> :new`. post-update rules are the same with the roles
// swapped: plain fields are the new values, before().x the current column.
type sqlCompiler struct {
	ix         *index
	t          *gen.Type
	mutation   bool
	postUpdate bool
	// postWrite compiles an update rule to be checked after the write, in
	// its transaction: the table holds the new row, `old` the row before.
	postWrite bool
	lifted    map[string]thru // conditions built by through, by their code
}

// errPostWrite marks a rule that cannot be decided before the write.
var errPostWrite = errors.New("needs a check after the write")

// column is a reference to a column of a row reachable from t.
type column struct {
	path   []*gen.Edge // to-one edges from t to the column's table
	t      *gen.Type   // the column's table
	f      *gen.Field
	exists bool // a model reference with no FK: "the related row exists"
}

// operand is one side of a comparison.
type operand struct {
	g      *goVal
	c      *column
	future *gen.Field // the new value of this own field (update rules)
}

func (c *sqlCompiler) errf(e policylang.Expr, format string, args ...any) error {
	return fmt.Errorf("column %d: "+format, append([]any{e.Pos() + 1}, args...)...)
}

func (c *sqlCompiler) cond(e policylang.Expr) (string, error) {
	switch e := e.(type) {
	case *policylang.Lit:
		if e.Value == true {
			return "privacy.True", nil
		}
		return "privacy.False", nil
	case *policylang.Negation:
		x, err := c.cond(e.X)
		if err != nil {
			return "", err
		}
		return "privacy.Not(" + x + ")", nil
	case *policylang.Logic:
		l, err := c.cond(e.L)
		if err != nil {
			return "", err
		}
		r, err := c.cond(e.R)
		if err != nil {
			return "", err
		}
		return c.logic(e.And, l, r), nil
	case *policylang.Ref:
		o, err := c.operand(e)
		if err != nil {
			return "", err
		}
		return c.compare(e, o, policylang.EQ, operand{g: &goVal{Guard: "true", Val: "true", Kind: policylang.KindBool}})
	case *policylang.Compare:
		l, err := c.operand(e.L)
		if err != nil {
			return "", err
		}
		r, err := c.operand(e.R)
		if err != nil {
			return "", err
		}
		return c.compare(e, l, e.Op, r)
	case *policylang.Coll:
		return c.coll(e)
	case *policylang.Func:
		return c.fn(e)
	case *policylang.InList:
		return c.in(e)
	}
	return "", c.errf(e, "unsupported expression")
}

// in compiles x in [a, b]: column IN (…), or Go when x is known in Go.
func (c *sqlCompiler) in(e *policylang.InList) (string, error) {
	x, err := c.operand(e.X)
	switch {
	case err != nil:
		return "", err
	case x.g != nil:
		return "privacy.Bool(" + c.ix.goIn(*x.g, e) + ")", nil
	case x.future != nil || x.c.exists:
		return "", c.errf(e, "in on a post-update value or a relation is not supported")
	}
	return c.through(c.t, x.c.path, fmt.Sprintf("privacy.In(%s, %s)", colName(x.c.t, x.c.f), c.ix.listArgs(e))), nil
}

func (c *sqlCompiler) operand(e policylang.Expr) (operand, error) {
	if v, ok := c.ix.literal(e); ok {
		return operand{g: &v}, nil
	}
	r, ok := e.(*policylang.Ref)
	if !ok {
		return operand{}, c.errf(e, "unsupported operand")
	}
	root := r.Root
	switch {
	case c.postWrite:
		// After the write: the new row is the table, the old row is old.
		newRoot, oldRoot := policylang.RootFuture, policylang.RootThis
		if c.postUpdate {
			newRoot, oldRoot = policylang.RootThis, policylang.RootBefore
		}
		switch root {
		case newRoot:
			root = policylang.RootThis
		case oldRoot:
			switch {
			case len(r.Path) > 0:
				return operand{}, c.errf(e, "in a rule checked after the write, values before it must be the model's own fields")
			case r.Field == nil:
				return operand{g: &goVal{Guard: "true", Val: "old.ID", Kind: policylang.KindModel}}, nil
			}
			v := c.ix.structVal("old", "true", r.Field)
			return operand{g: &v}, nil
		}
	case c.postUpdate:
		switch root {
		case policylang.RootThis:
			root = policylang.RootFuture
		case policylang.RootBefore:
			root = policylang.RootThis
		}
	}
	switch root {
	case policylang.RootAuth:
		v, err := c.ix.authVal(r)
		if err != nil {
			return operand{}, err
		}
		return operand{g: &v}, nil
	case policylang.RootFuture:
		if !c.mutation || len(r.Path) > 0 || r.Field == nil {
			// Not known before the write: check it after (postWrite).
			return operand{}, fmt.Errorf("column %d: %s: %w", e.Pos()+1, "a post-update value through a relation", errPostWrite)
		}
		return operand{future: c.ix.fields[r.Field]}, nil
	}
	col := &column{t: c.t}
	for _, pe := range r.Path {
		col.path = append(col.path, c.ix.edges[pe])
	}
	switch {
	case r.Field != nil:
		col.t, col.f = c.ix.types[r.Target(c.ix.s).Name], c.ix.fields[r.Field]
	case len(r.Path) == 0: // this
		col.f = c.t.ID
	default: // a to-one relation: its FK here, or "the related row exists"
		last := r.Path[len(r.Path)-1]
		col.path = col.path[:len(col.path)-1]
		if len(col.path) > 0 {
			col.t = col.path[len(col.path)-1].Type
		}
		if last.FK != nil {
			col.f = c.ix.fields[last.FK]
		} else {
			col.path = append(col.path, c.ix.edges[last])
			col.t = c.ix.types[last.Target]
			col.f, col.exists = col.t.ID, true
		}
	}
	return operand{c: col}, nil
}

// through lifts a condition on the table at the end of path to the table
// of from. (gen.Edge.Owner is the assoc side of an inverse edge, not the type
// the edge is declared on, hence the walk.) Each level is recorded, so that
// logic over two conditions through the same edge can share one sub-select.
func (c *sqlCompiler) through(from *gen.Type, path []*gen.Edge, inner string) string {
	srcs := make([]*gen.Type, len(path))
	for i, e := range path {
		srcs[i] = from
		from = e.Type
	}
	for i := len(path) - 1; i >= 0; i-- {
		inner = c.lift(inner, srcs[i].Package()+".Has"+path[i].StructField()+"With", path[i].Unique)
	}
	return inner
}

// thru is one lifted condition: privacy.Through(inner, has).
type thru struct {
	inner, has string
	unique     bool
}

func (c *sqlCompiler) lift(inner, has string, unique bool) string {
	out := fmt.Sprintf("privacy.Through(%s, %s)", inner, has)
	if c.lifted == nil {
		c.lifted = map[string]thru{}
	}
	c.lifted[out] = thru{inner: inner, has: has, unique: unique}
	return out
}

// logic joins l and r with privacy.And or privacy.Or. Two conditions
// through the same edge share its sub-select: EXISTS(a) OR EXISTS(b) is
// EXISTS(a OR b) always, EXISTS(a) AND EXISTS(b) is EXISTS(a AND b) for a
// to-one edge (so Comment's `post.published || auth() == post.author` is
// one sub-select on posts, not two).
func (c *sqlCompiler) logic(and bool, l, r string) string {
	lt, lok := c.lifted[l]
	rt, rok := c.lifted[r]
	if lok && rok && lt.has == rt.has && (!and || lt.unique) {
		return c.lift(c.logic(and, lt.inner, rt.inner), lt.has, lt.unique)
	}
	if and {
		return "privacy.And(" + l + ", " + r + ")"
	}
	return "privacy.Or(" + l + ", " + r + ")"
}

func (c *sqlCompiler) compare(e policylang.Expr, l operand, op policylang.Op, r operand) (string, error) {
	if l.future != nil && r.future != nil {
		return "", c.errf(e, "comparing two post-update values is not supported")
	}
	if r.future != nil {
		l, r, op = r, l, flip(op)
	}
	if l.future != nil {
		f := l.future
		set, err := c.compare(e, operand{g: &goVal{Guard: "true", Val: "v", Kind: kindOfField(f)}}, op, r)
		if err != nil {
			return "", err
		}
		keep, err := c.compare(e, operand{c: &column{t: c.t, f: f}}, op, r)
		if err != nil {
			return "", err
		}
		cleared := ""
		if f.Optional {
			nc, err := c.compare(e, operand{g: &nullVal}, op, r)
			if err != nil {
				return "", err
			}
			cleared = fmt.Sprintf("\n\t\t\tif m.%s() {\n\t\t\t\treturn %s\n\t\t\t}", f.MutationCleared(), nc)
		}
		return fmt.Sprintf("func() privacy.Cond {\n\t\tif m != nil {\n\t\t\tif v, ok := m.%s(); ok {\n\t\t\t\treturn %s\n\t\t\t}%s\n\t\t}\n\t\treturn %s\n\t}()",
			f.MutationGet(), set, cleared, keep), nil
	}
	if l.g != nil && r.g != nil {
		return "privacy.Bool(" + goCompare(*l.g, op, *r.g) + ")", nil
	}
	if l.g != nil {
		l, r, op = r, l, flip(op)
	}
	col := l.c
	if r.c != nil {
		if !slices.Equal(col.path, r.c.path) || col.exists || r.c.exists {
			return "", c.errf(e, "comparing columns of different rows is not supported")
		}
		if col.f == r.c.f {
			// A column against itself: what an update that leaves a field
			// alone makes of future().x != x.
			switch nullable := col.f.Optional || col.f.Nillable; {
			case op == policylang.EQ || (!nullable && (op == policylang.LTE || op == policylang.GTE)):
				return "privacy.True", nil
			case op == policylang.NEQ || op == policylang.LT || op == policylang.GT:
				return "privacy.False", nil
			}
		}
		return c.through(c.t, col.path, fmt.Sprintf("privacy.Columns(%s, %s, %s)", colName(col.t, col.f), opNames[op], colName(r.c.t, r.c.f))), nil
	}
	v := *r.g
	if col.exists {
		// author == null / profile != null on a relation without FK here.
		if v.Guard != "false" {
			return c.through(c.t, col.path, fmt.Sprintf("privacy.Cmp(%s, %s, %s)", colName(col.t, col.f), opNames[op], v.Val)), c.guarded(v, op, col)
		}
		has := c.through(c.t, col.path, "privacy.True")
		if op == policylang.EQ {
			return "privacy.Not(" + has + ")", nil
		}
		return has, nil
	}
	name := colName(col.t, col.f)
	nullable := col.f.Optional || col.f.Nillable
	cmp := fmt.Sprintf("privacy.Cmp(%s, %s, %s)", name, opNames[op], v.Val)
	if op == policylang.NEQ && nullable {
		// null != value holds (rule-language semantics), SQL's <> does not.
		cmp = fmt.Sprintf("privacy.Or(%s, privacy.CmpNull(%s, privacy.EQ))", cmp, name)
	}
	var inner string
	switch v.Guard {
	case "true":
		inner = cmp
	case "false": // the literal null
		inner = fmt.Sprintf("privacy.CmpNull(%s, %s)", name, opNames[op])
	default: // null at run time: equals nothing (see goCompare)
		null := "privacy.False"
		if op == policylang.NEQ {
			null = "privacy.True"
		}
		inner = fmt.Sprintf("func() privacy.Cond {\n\t\tif !(%s) {\n\t\t\treturn %s\n\t\t}\n\t\treturn %s\n\t}()", v.Guard, null, cmp)
	}
	return c.through(c.t, col.path, inner), nil
}

// guarded rejects a nullable Go value compared with a related row's id.
func (c *sqlCompiler) guarded(v goVal, op policylang.Op, col *column) error {
	if v.Guard != "true" {
		return fmt.Errorf("comparing a relation of %s without a foreign key to a nullable value is not supported; compare a field of it", col.t.Name)
	}
	return nil
}

// coll compiles rel?[p] (some), rel![p] (every) and rel^[p] (none) to
// EXISTS sub-selects of the related table.
func (c *sqlCompiler) coll(e *policylang.Coll) (string, error) {
	if c.postUpdate && !c.postWrite {
		// The mutation may link or unlink rows: only the written row knows.
		return "", fmt.Errorf("column %d: a collection in a post-update rule: %w", e.Pos()+1, errPostWrite)
	}
	if e.Ref.Root != policylang.RootThis {
		return "", c.errf(e, "collection predicates on auth() or post-update values are not supported")
	}
	target := c.ix.types[e.Edge.Target]
	sub := &sqlCompiler{ix: c.ix, t: target}
	inner, err := sub.cond(e.Pred)
	if err != nil {
		return "", err
	}
	var path []*gen.Edge
	for _, pe := range e.Ref.Path {
		path = append(path, c.ix.edges[pe])
	}
	owner := c.t
	if len(path) > 0 {
		owner = path[len(path)-1].Type
	}
	ge := c.ix.edges[e.Edge]
	has := func(p string) string {
		return c.lift(p, owner.Package()+".Has"+ge.StructField()+"With", false)
	}
	var code string
	switch e.Kind {
	case '?':
		code = has(inner)
	case '^':
		code = "privacy.Not(" + has(inner) + ")"
	default:
		code = "privacy.Not(" + has("privacy.Not("+inner+")") + ")"
	}
	return c.through(c.t, path, code), nil
}

func (c *sqlCompiler) fn(e *policylang.Func) (string, error) {
	switch e.Name {
	case policylang.FnContains, policylang.FnStartsWith, policylang.FnEndsWith:
		s, err := c.operand(e.Args[0])
		if err != nil {
			return "", err
		}
		sub, err := c.operand(e.Args[1])
		if err != nil {
			return "", err
		}
		if s.future != nil || sub.future != nil {
			return "", c.errf(e, "%s on post-update values is not supported", e.Name)
		}
		fold := foldArg(e)
		switch {
		case s.g != nil && sub.g != nil:
			return "privacy.Bool(" + strFunc(e.Name, *s.g, *sub.g, fold) + ")", nil
		case s.c != nil && sub.g != nil && !s.c.exists:
			p := fmt.Sprintf("privacy.StrFunc(%q, %s, %s, %s)", e.Name, colName(s.c.t, s.c.f), sub.g.Val, fold)
			if sub.g.Guard != "true" {
				p = fmt.Sprintf("func() privacy.Cond {\n\t\tif !(%s) {\n\t\t\treturn privacy.False\n\t\t}\n\t\treturn %s\n\t}()", sub.g.Guard, p)
			}
			return c.through(c.t, s.c.path, p), nil
		}
		return "", c.errf(e, "%s(column, column) and %s(value, column) are not supported", e.Name, e.Name)
	}
	return "", c.errf(e, "%s() is not supported on this database yet (no list columns)", e.Name)
}
