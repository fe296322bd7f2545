package entx

import (
	"fmt"

	"entgo.io/ent/entc/gen"
	"github.com/entstack/entstack/entx/policylang"
)

// The parts of the SQL compiler that leave the current rows: collection
// predicates, auth()'s relations and check().

// coll compiles rel?[p] (some), rel![p] (every) and rel^[p] (none) to
// sub-selects of the related table.
func (c *sqlCompiler) coll(e *policylang.Coll) (string, error) {
	if c.postUpdate && !c.postWrite {
		// The mutation may link or unlink rows: only the written row knows.
		return "", fmt.Errorf("column %d: a collection in a post-update rule: %w", e.Pos()+1, errPostWrite)
	}
	ge := c.ix.edges[e.Edge]
	var fr *frame
	var path []*policylang.Edge
	switch e.Ref.Root {
	case policylang.RootAuth:
		if fr = c.viewerFrame(); fr == nil {
			if len(e.Ref.Path) == 0 && fkOnTarget(ge) {
				return c.authColl(e, ge)
			}
			return "", errViewer
		}
		path = e.Ref.Path
	case policylang.RootThis:
		if fr, path = c.frameOf(e.Ref); fr == nil {
			return "", c.errf(e, "create rules may only follow relations whose foreign key is on the new row: the row does not exist yet")
		}
	default:
		return "", c.errf(e, "collection predicates on post-update values are not supported")
	}
	var gpath []*gen.Edge
	for _, pe := range path {
		gpath = append(gpath, c.ix.edges[pe])
	}
	owner := fr.t
	if len(gpath) > 0 {
		owner = gpath[len(gpath)-1].Type
	}
	inner := c.push(&frame{t: ge.Type, level: e.Level, via: edgeTables(append(gpath, ge))})
	pred, err := c.cond(e.Pred)
	c.pop()
	if err != nil {
		return "", err
	}
	has := func(p string) string {
		return c.lift(c.correlate(inner, p), owner.Package()+".Has"+ge.StructField()+"With", false)
	}
	var code string
	switch e.Kind {
	case '?':
		code = has(pred)
	case '^':
		code = not(has(pred))
	default:
		code = not(has(not(pred)))
	}
	return c.at(fr, c.through(fr.t, gpath, code)), nil
}

// fkOnTarget reports whether the rows of edge e hold its foreign key.
func fkOnTarget(e *gen.Edge) bool {
	return e.Rel.Type == gen.O2M || e.Rel.Type == gen.O2O && !e.OwnFK()
}

// authColl compiles auth().rel?[p] when rel's rows hold the foreign key to
// the auth model: a sub-select of those rows keyed by the viewer's id
// (EXISTS (SELECT 1 FROM memberships WHERE user_id = :viewer AND p)).
func (c *sqlCompiler) authColl(e *policylang.Coll, ge *gen.Edge) (string, error) {
	inner := c.push(&frame{t: ge.Type, level: e.Level, named: true})
	inner.row = c.newRow()
	pred, err := c.cond(e.Pred)
	c.pop()
	if err != nil {
		return "", err
	}
	if e.Kind == '!' {
		pred = not(pred)
	}
	auth := c.ix.types[c.ix.s.Auth]
	key := fmt.Sprintf("privacy.Cmp(%s.%s, privacy.EQ, %s)", auth.Package(), ge.ColumnConstant(), viewerID)
	code := fmt.Sprintf("privacy.Exists(%s.Table, func(%s privacy.Row) privacy.Cond {\n\t\treturn privacy.And(%s, %s)\n\t})",
		ge.Type.Package(), inner.row, key, pred)
	if e.Kind != '?' {
		code = not(code)
	}
	return guarded(viewerKnown(), e.Kind != '?', code), nil
}

func (c *sqlCompiler) newRow() string {
	c.rows++
	return fmt.Sprintf("r%d", c.rows-1)
}

// inViewer compiles e, a condition on auth()'s relations, in a sub-select
// of the auth model's row keyed by the viewer's id (EXISTS (SELECT 1 FROM
// users WHERE id = :viewer AND …)). For an anonymous viewer auth() is null,
// and so is everything reached from it.
func (c *sqlCompiler) inViewer(e policylang.Expr) (string, error) {
	auth := c.ix.types[c.ix.s.Auth]
	fr := c.push(&frame{t: auth, level: -1, auth: true, named: true})
	fr.row = c.newRow()
	code, err := c.node(e)
	c.pop()
	if err != nil {
		return "", err
	}
	key := fmt.Sprintf("privacy.Cmp(%s, privacy.EQ, %s)", colName(auth, auth.ID), viewerID)
	code = fmt.Sprintf("privacy.Exists(%s.Table, func(%s privacy.Row) privacy.Cond {\n\t\treturn privacy.And(%s, %s)\n\t})",
		auth.Package(), fr.row, key, code)
	return guarded(viewerKnown(), anonymous(e), code), nil
}

// anonymous is the value of e, a condition on auth()'s relations, when
// auth() is null: null equals only null and differs from everything else,
// a null list is empty, a null collection has no element.
func anonymous(e policylang.Expr) bool {
	switch e := e.(type) {
	case *policylang.Compare:
		for _, x := range []policylang.Expr{e.L, e.R} {
			if l, ok := x.(*policylang.Lit); ok && l.Value == nil {
				return e.Op == policylang.EQ
			}
		}
		return e.Op == policylang.NEQ
	case *policylang.Coll:
		return e.Kind != '?'
	case *policylang.Func:
		return e.Name == policylang.FnIsEmpty
	}
	return false
}

// delegate compiles check(relation, op): the related row passes the rules
// of its model for op.
func (c *sqlCompiler) delegate(e *policylang.Delegate) (string, error) {
	if c.postUpdate && !c.postWrite {
		return "", fmt.Errorf("column %d: check() in a post-update rule: %w", e.Pos()+1, errPostWrite)
	}
	fr, path := c.frameOf(e.Ref)
	if fr == nil {
		return "", c.errf(e, "create rules may only follow relations whose foreign key is on the new row: the row does not exist yet")
	}
	code, err := c.ix.delegate(e.Ref.Target(c.ix.s).Name, e.Op)
	if err != nil {
		return "", c.errf(e, "%s: %w", e.Src, err)
	}
	var gpath []*gen.Edge
	for _, pe := range path {
		gpath = append(gpath, c.ix.edges[pe])
	}
	return c.at(fr, c.through(fr.t, gpath, code)), nil
}

// fn compiles the string and list functions.
func (c *sqlCompiler) fn(e *policylang.Func) (string, error) {
	args := make([]operand, len(e.Args))
	for i, a := range e.Args {
		if l, ok := a.(*policylang.ListLit); ok {
			args[i] = operand{g: &goVal{Guard: gTrue, Kind: l.T.Kind}}
			continue
		}
		if l, ok := a.(*policylang.Lit); ok && i == 2 && l.T.Kind == policylang.KindBool {
			continue // caseInsensitive
		}
		o, err := c.operand(a)
		if err != nil {
			return "", err
		}
		if o.future != nil {
			return "", fmt.Errorf("column %d: %s of a post-update value: %w", e.Pos()+1, e.Name, errPostWrite)
		}
		if o.c != nil && o.c.exists {
			return "", c.errf(e, "%s needs a field, not a relation", e.Name)
		}
		args[i] = o
	}
	// List literals take the Go type of the list they meet.
	elem := goElem(e.Args[0].Type().Kind)
	for _, a := range args {
		switch {
		case a.c != nil && a.c.f != nil && e.Args[0].Type().List && a.c.f.Type.Type.String() == "json":
			elem = listElem(a.c.f)
		case a.g != nil && a.g.Elem != "":
			elem = a.g.Elem
		}
	}
	for i, a := range e.Args {
		if l, ok := a.(*policylang.ListLit); ok {
			v := c.ix.listVal(l, elem)
			args[i].g = &v
		}
	}
	switch e.Name {
	case policylang.FnContains, policylang.FnStartsWith, policylang.FnEndsWith:
		return c.strFn(e, args[0], args[1])
	case policylang.FnHas:
		return c.has(e, args[0], args[1])
	case policylang.FnHasSome, policylang.FnHasEvery:
		return c.hasSome(e, args[0], args[1])
	case policylang.FnIsEmpty:
		if l := args[0]; l.c != nil {
			return c.on(l.c, fmt.Sprintf("privacy.ListEmpty(%s)", colName(l.c.t, l.c.f))), nil
		}
		v := args[0].g
		return goCond(gOr(gNot(v.Guard), gAtom("len("+v.Val+") == 0"))), nil
	}
	return "", c.errf(e, "%s() is not supported", e.Name)
}

func (c *sqlCompiler) strFn(e *policylang.Func, s, sub operand) (string, error) {
	fold := foldArg(e)
	switch {
	case s.g != nil && sub.g != nil:
		return goCond(strFunc(e.Name, *s.g, *sub.g, fold)), nil
	case s.c != nil && sub.g != nil:
		p := fmt.Sprintf("privacy.StrFunc(%q, %s, %s, %s)", e.Name, colName(s.c.t, s.c.f), sub.g.Val, fold)
		return c.on(s.c, guarded(sub.g.Guard, false, p)), nil
	}
	return "", c.errf(e, "%s(column, column) and %s(value, column) are not supported", e.Name, e.Name)
}

// has compiles has(list, x): a JSON list column that has a Go value, a
// column whose value is in a Go list, or Go over Go.
func (c *sqlCompiler) has(e *policylang.Func, list, x operand) (string, error) {
	switch {
	case list.g != nil && x.g != nil:
		if l, ok := e.Args[0].(*policylang.ListLit); ok {
			return goCond(c.ix.goIn(*x.g, l)), nil
		}
		return goCond(gAnd(list.g.Guard, x.g.Guard, gAtom(fmt.Sprintf("privacy.Has(%s, %s)", list.g.Val, x.g.Val)))), nil
	case list.c != nil && x.g != nil:
		p := fmt.Sprintf("privacy.ListHas(%s, %s)", colName(list.c.t, list.c.f), x.g.Val)
		return c.on(list.c, guarded(x.g.Guard, false, p)), nil
	case list.g != nil && x.c != nil:
		p := fmt.Sprintf("privacy.InList(%s, %s)", colName(x.c.t, x.c.f), list.g.Val)
		return c.on(x.c, guarded(list.g.Guard, false, p)), nil
	}
	return "", c.errf(e, "has(list column, column) is not supported: one side must be a value")
}

// hasSome compiles hasSome(list, values) and hasEvery(list, values).
func (c *sqlCompiler) hasSome(e *policylang.Func, list, vals operand) (string, error) {
	fn, some := "HasSome", e.Name == policylang.FnHasSome
	if !some {
		fn = "HasEvery"
	}
	switch {
	case list.g != nil && vals.g != nil:
		return goCond(gAnd(list.g.Guard, vals.g.Guard, gAtom(fmt.Sprintf("privacy.%s(%s, %s)", fn, list.g.Val, vals.g.Val)))), nil
	case list.c != nil && vals.g != nil:
		p := fmt.Sprintf("privacy.List%s(%s, %s)", fn, colName(list.c.t, list.c.f), vals.g.Val)
		return c.on(list.c, guarded(vals.g.Guard, !some, p)), nil
	case list.g != nil && vals.c != nil && some:
		// Some element in common: the same both ways.
		p := fmt.Sprintf("privacy.ListHasSome(%s, %s)", colName(vals.c.t, vals.c.f), list.g.Val)
		return c.on(vals.c, guarded(list.g.Guard, false, p)), nil
	case list.g != nil && vals.c != nil:
		return "", c.errf(e, "hasEvery(list, list column) is not supported: the list column must come first")
	}
	return "", c.errf(e, "%s(list column, list column) is not supported: one side must be a value", e.Name)
}
