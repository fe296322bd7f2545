package entx

import (
	"fmt"

	"entgo.io/ent/entc/gen"
	"github.com/entstack/entstack/entx/policylang"
)

type goMode uint8

const (
	// goCreate: the row is the create mutation m (values after defaults);
	// rows it references through its own foreign keys are looked up lazily,
	// under bypass, in the mutation's transaction (POL-EXPR-14). What Go
	// cannot decide (collection predicates over those rows, check(),
	// auth()'s relations) is one lazy query each, compiled to SQL.
	goCreate goMode = iota
	// goEntity: the row is the loaded entity e (field read rules).
	goEntity
)

// goCompiler turns a checked rule into a Go boolean expression.
type goCompiler struct {
	ix      *index
	t       *gen.Type
	mode    goMode
	prelude []string
	locals  map[string]bool
	// queryNames names the lazy queries by what they ask, so that a rule
	// repeated (or a check() made twice) costs one.
	queryNames map[string]string
}

func (c *goCompiler) errf(e policylang.Expr, format string, args ...any) error {
	return fmt.Errorf("column %d: "+format, append([]any{e.Pos() + 1}, args...)...)
}

func (c *goCompiler) boolean(e policylang.Expr) (*goBool, error) {
	switch e := e.(type) {
	case *policylang.Lit:
		return gConst(e.Value == true), nil
	case *policylang.Negation:
		x, err := c.boolean(e.X)
		if err != nil {
			return nil, err
		}
		return gNot(x), nil
	case *policylang.Logic:
		l, err := c.boolean(e.L)
		if err != nil {
			return nil, err
		}
		r, err := c.boolean(e.R)
		if err != nil {
			return nil, err
		}
		if e.And {
			return gAnd(l, r), nil
		}
		return gOr(l, r), nil
	}
	if c.needsSQL(e) {
		return c.query(e)
	}
	switch e := e.(type) {
	case *policylang.Ref:
		v, err := c.value(e)
		if err != nil {
			return nil, err
		}
		return gAnd(v.Guard, gAtom(v.Val)), nil
	case *policylang.Compare:
		l, err := c.value(e.L)
		if err != nil {
			return nil, err
		}
		r, err := c.value(e.R)
		if err != nil {
			return nil, err
		}
		return goCompare(l, e.Op, r), nil
	case *policylang.Func:
		return c.fn(e)
	case *policylang.InList:
		x, err := c.value(e.X)
		if err != nil {
			return nil, err
		}
		return c.ix.goIn(x, e.List), nil
	}
	return nil, c.errf(e, "unsupported expression")
}

// fn compiles the string and list functions over Go values.
func (c *goCompiler) fn(e *policylang.Func) (*goBool, error) {
	args := make([]goVal, len(e.Args))
	for i, a := range e.Args {
		if l, ok := a.(*policylang.ListLit); ok {
			args[i] = goVal{Guard: gTrue, Kind: l.T.Kind}
			continue
		}
		if i == 2 {
			continue // caseInsensitive
		}
		v, err := c.value(a)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	elem := goElem(e.Args[0].Type().Kind)
	for _, a := range args {
		if a.Elem != "" {
			elem = a.Elem
		}
	}
	for i, a := range e.Args {
		if l, ok := a.(*policylang.ListLit); ok {
			args[i] = c.ix.listVal(l, elem)
		}
	}
	switch e.Name {
	case policylang.FnContains, policylang.FnStartsWith, policylang.FnEndsWith:
		return strFunc(e.Name, args[0], args[1], foldArg(e)), nil
	case policylang.FnHas:
		if l, ok := e.Args[0].(*policylang.ListLit); ok {
			return c.ix.goIn(args[1], l), nil
		}
		return gAnd(args[0].Guard, args[1].Guard, gAtom(fmt.Sprintf("privacy.Has(%s, %s)", args[0].Val, args[1].Val))), nil
	case policylang.FnHasSome, policylang.FnHasEvery:
		fn := "HasSome"
		if e.Name == policylang.FnHasEvery {
			fn = "HasEvery"
		}
		return gAnd(args[0].Guard, args[1].Guard, gAtom(fmt.Sprintf("privacy.%s(%s, %s)", fn, args[0].Val, args[1].Val))), nil
	case policylang.FnIsEmpty:
		return gOr(gNot(args[0].Guard), gAtom("len("+args[0].Val+") == 0")), nil
	}
	return nil, c.errf(e, "%s() is not supported", e.Name)
}

func (c *goCompiler) where() string {
	if c.mode == goCreate {
		return "create rules (the row does not exist yet)"
	}
	return "field read rules (evaluated in Go on each loaded row)"
}

// needsSQL reports whether e needs the database: a collection predicate,
// check(), or a comparison or function over auth()'s relations.
func (c *goCompiler) needsSQL(e policylang.Expr) bool {
	switch e := e.(type) {
	case *policylang.Coll, *policylang.Delegate:
		return true
	case *policylang.Compare:
		return authPath(e.L) || authPath(e.R)
	case *policylang.InList:
		return authPath(e.X)
	case *policylang.Func:
		for _, a := range e.Args {
			if authPath(a) {
				return true
			}
		}
	case *policylang.Ref:
		return authPath(e)
	}
	return false
}

// authPath reports whether e reads a relation of auth() that the loaded
// viewer does not hold.
func authPath(e policylang.Expr) bool {
	r, ok := e.(*policylang.Ref)
	return ok && r.Root == policylang.RootAuth && len(r.Path) > 0 &&
		!(len(r.Path) == 1 && r.Field == nil && r.Path[0].FK != nil)
}

// query compiles e to SQL, evaluated by one lazy query: over auth()'s row
// when e reads auth()'s relations, else over the row the new row references
// through the relation e starts with.
func (c *goCompiler) query(e policylang.Expr) (*goBool, error) {
	if c.mode == goEntity {
		return nil, c.errf(e, "collection predicates, check() and auth()'s relations are not supported in %s: "+
			"they would query the database once per row; use a model read rule", c.where())
	}
	sc := &sqlCompiler{ix: c.ix, goRow: func(r *policylang.Ref) (goVal, error) { return c.value(r) }}
	var table *gen.Type
	var key goVal
	if c.needsSQLViewer(e) {
		table = c.ix.types[c.ix.s.Auth]
		sc.frames = []*frame{{t: table, level: -1, auth: true}}
		key = goVal{Guard: viewerKnown(), Val: viewerID}
	} else {
		first, name := firstEdge(e)
		if first == nil || first.FK == nil {
			return nil, c.errf(e, "create rules may only follow relations whose foreign key is on %s (%s is not): the row does not exist yet", c.t.Name, name)
		}
		table = c.ix.types[first.Target]
		sc.frames = []*frame{{t: table, anchor: first}}
		key = c.mutationVal(first.FK)
	}
	code, err := sc.rule(e)
	if err != nil {
		return nil, err
	}
	nothing := sc.frames[0].auth && anonymous(e)
	switch code {
	case "privacy.False":
		return gConst(nothing), nil
	case "privacy.True":
		// The row exists when its key is set (the insert checks its
		// foreign keys).
		return gOr(gAnd(key.Guard), gAnd(gNot(key.Guard), gConst(nothing))), nil
	}
	query := fmt.Sprintf("%s.ID(%s), %s", table.Package(), key.Val, code)
	if name, ok := c.queryNames[query]; ok {
		return gAtom(name + "(&lookupErr)"), nil
	}
	name := fmt.Sprintf("query%d", len(c.queryNames))
	if c.queryNames == nil {
		c.queryNames = map[string]string{}
	}
	c.queryNames[query] = name
	c.prelude = append(c.prelude, fmt.Sprintf(`%[1]s := privacy.Lazy(func() (bool, error) {
		if %[2]s {
			return %[3]t, nil
		}
		return New%[4]sClient(m.config).Query().Where(%[5]s.ID(%[6]s), %[7]s.Where()).Exist(sys)
	})
	_ = %[1]s`, name, gNot(key.Guard), nothing, table.Name, table.Package(), key.Val, code))
	return gAtom(name + "(&lookupErr)"), nil
}

// needsSQLViewer reports whether e, which needs SQL, is about auth()'s
// relations (its query runs on the viewer's row) rather than about rows
// the new row references.
func (c *goCompiler) needsSQLViewer(e policylang.Expr) bool {
	switch e := e.(type) {
	case *policylang.Coll:
		return e.Ref.Root == policylang.RootAuth
	case *policylang.Delegate:
		return false
	}
	return true
}

// firstEdge is the relation of the new row that e starts from, and its name.
func firstEdge(e policylang.Expr) (*policylang.Edge, string) {
	var r *policylang.Ref
	switch e := e.(type) {
	case *policylang.Coll:
		r = e.Ref
		if len(r.Path) == 0 {
			return nil, e.Edge.Name
		}
	case *policylang.Delegate:
		r = e.Ref
	default:
		return nil, "it"
	}
	if r.Root != policylang.RootThis || r.Level != 0 {
		return nil, "it"
	}
	return r.Path[0], r.Path[0].Name
}

func (c *goCompiler) isNewRow(r *policylang.Ref) bool {
	return c.mode == goCreate && r.Root == policylang.RootThis && len(r.Path) == 0 && r.Field == nil
}

func (c *goCompiler) value(e policylang.Expr) (goVal, error) {
	if v, ok := c.ix.literal(e); ok {
		return v, nil
	}
	r, ok := e.(*policylang.Ref)
	if !ok {
		return goVal{}, c.errf(e, "unsupported operand")
	}
	switch r.Root {
	case policylang.RootAuth:
		if v, ok := c.ix.authVal(r); ok {
			return v, nil
		}
		return goVal{}, c.errf(e, "auth()'s relations are not supported here")
	case policylang.RootThis:
	default:
		return goVal{}, c.errf(e, "future() and before() are not allowed here")
	}
	if c.isNewRow(r) {
		// The row being created is no existing row: `auth() == this` is
		// false, as for a null value.
		return goVal{Guard: gFalse, Val: "nil", Kind: policylang.KindModel}, nil
	}
	if c.mode == goEntity {
		switch {
		case len(r.Path) > 0 && !(len(r.Path) == 1 && r.Field == nil && r.Path[0].FK != nil):
			return goVal{}, c.errf(e, "field read rules may use the row's own fields and auth() only (evaluated per loaded row)")
		case len(r.Path) == 1:
			v := c.ix.structVal("e", gTrue, r.Path[0].FK)
			v.Kind = policylang.KindModel
			return v, nil
		case r.Field == nil:
			return goVal{Guard: gTrue, Val: "e.ID", Kind: policylang.KindModel}, nil
		}
		return c.ix.structVal("e", gTrue, r.Field), nil
	}
	// goCreate: own fields from the mutation; relations through own FKs.
	if len(r.Path) == 0 {
		return c.mutationVal(r.Field), nil
	}
	first := r.Path[0]
	if first.FK == nil {
		return goVal{}, c.errf(e, "create rules may only follow relations whose foreign key is on %s (%s is not)", c.t.Name, first.Name)
	}
	if len(r.Path) == 1 && r.Field == nil {
		v := c.mutationVal(first.FK)
		v.Kind = policylang.KindModel
		return v, nil
	}
	// A field of a referenced row, or a relation of it: load the rows.
	ref := c.ref(r.Path[0], "", c.t)
	for i := 1; i < len(r.Path); i++ {
		if r.Field == nil && i == len(r.Path)-1 && r.Path[i].FK != nil {
			v := c.ix.structVal(ref+"()", gCmp(ref+"()", "!=", "nil", true), r.Path[i].FK)
			v.Kind = policylang.KindModel
			return v, nil
		}
		ref = c.ref(r.Path[i], ref, c.ix.types[r.Path[i-1].Target])
	}
	guard := gCmp(ref+"()", "!=", "nil", true)
	if r.Field == nil {
		return goVal{Guard: guard, Val: ref + "().ID", Kind: policylang.KindModel}, nil
	}
	return c.ix.structVal(ref+"()", guard, r.Field), nil
}

// mutationVal declares (once) the locals holding the mutation's value of f.
func (c *goCompiler) mutationVal(pf *policylang.Field) goVal {
	f := c.ix.fields[pf]
	v, has := "v"+f.StructField(), "has"+f.StructField()
	getter := f.MutationGet()
	if f == c.t.ID {
		v, has, getter = "vID", "hasID", "ID"
	}
	if !c.locals[v] {
		c.locals[v] = true
		c.prelude = append(c.prelude, fmt.Sprintf("%s, %s := m.%s()\n\t_, _ = %s, %s", v, has, getter, v, has))
	}
	out := goVal{Guard: gAtom(has), Val: v, Kind: pf.Kind}
	if pf.List {
		out.Elem = listElem(f)
	}
	return out
}

// ref declares (once) a closure loading the row reached through edge pe,
// from the mutation (parent "") or from the row of closure parent.
func (c *goCompiler) ref(pe *policylang.Edge, parent string, owner *gen.Type) string {
	e := c.ix.edges[pe]
	name := "ref" + e.StructField()
	if parent != "" {
		name = parent + e.StructField()
	}
	if c.locals[name] {
		return name
	}
	c.locals[name] = true
	target := e.Type
	var load string
	if parent == "" {
		fk := c.mutationVal(pe.FK)
		load = fmt.Sprintf("if %s {\n\t\t\t\t%s, err = New%sClient(m.config).Get(sys, %s)\n\t\t\t}", fk.Guard, name+"Row", target.Name, fk.Val)
	} else {
		load = fmt.Sprintf("if p := %s(); p != nil {\n\t\t\t\t%s, err = p.Query%s().Only(sys)\n\t\t\t}", parent, name+"Row", e.StructField())
	}
	c.prelude = append(c.prelude, fmt.Sprintf(`var %[1]sRow *%[2]s
	var %[1]sDone bool
	%[1]s := func() *%[2]s {
		if !%[1]sDone {
			%[1]sDone = true
			var err error
			%[3]s
			if err != nil && !IsNotFound(err) && lookupErr == nil {
				lookupErr = err
			}
		}
		return %[1]sRow
	}`, name, target.Name, load))
	return name
}
