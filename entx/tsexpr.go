package entx

import (
	"strconv"

	"github.com/entstack/entstack/entx/policylang"
)

// tsExpr renders a type-checked rule in ZenStack's expression form
// (ExpressionUtils calls), with API names. post marks an update rule with
// future(), rendered as ZenStack's post-update rule: the row's fields are
// the new values (future().x is x) and before().x the old ones.
type tsExpr struct {
	tg   *tsGen
	post bool
}

var compareOps = map[policylang.Op]string{
	policylang.EQ: "==", policylang.NEQ: "!=", policylang.LT: "<", policylang.LTE: "<=", policylang.GT: ">", policylang.GTE: ">=",
}

func (x *tsExpr) expr(e policylang.Expr) tsNode {
	tg := x.tg
	switch e := e.(type) {
	case *policylang.Lit:
		switch v := e.Value.(type) {
		case nil:
			return tg.expr("_null")
		case bool:
			return tg.expr("literal", tsBool(v))
		case int64:
			return tg.expr("literal", tsRaw(strconv.FormatInt(v, 10)))
		case float64:
			return tg.expr("literal", tsNumber(v))
		case string:
			return tg.expr("literal", tsString(v))
		}
	case *policylang.EnumLit:
		return tg.expr("literal", tsString(e.Name))
	case *policylang.ListLit:
		items := make([]tsNode, len(e.Elems))
		for i, el := range e.Elems {
			items[i] = x.expr(el)
		}
		return tg.expr("array", tsString(x.typeName(e.T)), &tsArr{items: items})
	case *policylang.Ref:
		return x.ref(e, nil)
	case *policylang.Coll:
		// The predicate is about the related rows, never the updated one.
		inner := &tsExpr{tg: tg}
		return tg.expr("binary", x.ref(e.Ref, e.Edge), tsString(string(e.Kind)), inner.expr(e.Pred))
	case *policylang.Negation:
		return tg.expr("unary", tsString("!"), x.expr(e.X))
	case *policylang.Logic:
		op := "||"
		if e.And {
			op = "&&"
		}
		return tg.expr("binary", x.expr(e.L), tsString(op), x.expr(e.R))
	case *policylang.Compare:
		return tg.expr("binary", x.expr(e.L), tsString(compareOps[e.Op]), x.expr(e.R))
	case *policylang.InList:
		return tg.expr("binary", x.expr(e.X), tsString("in"), x.expr(e.List))
	case *policylang.Func:
		args := make([]tsNode, len(e.Args))
		for i, a := range e.Args {
			args[i] = x.expr(a)
		}
		return tg.fn(e.Name, args...)
	}
	return tg.expr("_null")
}

// ref renders a reference, and then the to-many edge last of a collection
// predicate: this, a field, auth(), before() or future(), then member
// names along to-one edges.
func (x *tsExpr) ref(r *policylang.Ref, last *policylang.Edge) tsNode {
	tg := x.tg
	var names []string
	model := r.Model
	for _, pe := range r.Path {
		names = append(names, x.edgeName(model, pe))
		model = tg.ix.s.Models[pe.Target]
	}
	if last != nil {
		names = append(names, x.edgeName(model, last))
	}
	if r.Field != nil {
		names = append(names, x.fieldName(model, r.Field))
	}
	var receiver tsNode
	root := r.Root
	if x.post {
		// future().x is the updated row's x; the row's own fields are
		// the old values: before().x.
		switch root {
		case policylang.RootFuture:
			root = policylang.RootThis
		case policylang.RootThis:
			root = policylang.RootBefore
		}
	}
	switch root {
	case policylang.RootAuth:
		receiver = tg.fn("auth")
	case policylang.RootBefore:
		receiver = tg.fn("before")
	default:
		if len(names) == 0 {
			return tg.expr("_this")
		}
		receiver, names = tg.expr("field", tsString(names[0])), names[1:]
	}
	if len(names) == 0 {
		return receiver
	}
	members := make([]tsNode, len(names))
	for i, n := range names {
		members[i] = tsString(n)
	}
	return tg.expr("member", receiver, &tsArr{items: members})
}

// edgeName and fieldName are the API names of an edge or field of model.
func (x *tsExpr) edgeName(m *policylang.Model, pe *policylang.Edge) string {
	ge := x.tg.ix.edges[pe]
	if spec := x.tg.models[m.Name]; spec != nil && ge != nil {
		for _, es := range spec.Edges {
			if es.E == ge {
				return es.APIName
			}
		}
	}
	return jsonName(pe.Name)
}

func (x *tsExpr) fieldName(m *policylang.Model, pf *policylang.Field) string {
	if m.ID == pf {
		return "id"
	}
	gf := x.tg.ix.fields[pf]
	if spec := x.tg.models[m.Name]; spec != nil && gf != nil {
		for _, fs := range spec.Fields {
			if fs.F == gf {
				return fs.APIName
			}
		}
	}
	return pf.APIName
}

// typeName is the ZModel type of the elements of a list literal.
func (x *tsExpr) typeName(t policylang.Type) string {
	if t.Enum != nil {
		if gf := x.tg.ix.fields[t.Enum]; gf != nil {
			if name, ok := x.tg.enums[gf]; ok {
				return name
			}
		}
	}
	switch t.Kind {
	case policylang.KindBool:
		return "Boolean"
	case policylang.KindInt:
		return "Int"
	case policylang.KindFloat:
		return "Float"
	case policylang.KindTime:
		return "DateTime"
	case policylang.KindString, policylang.KindEnum:
		return "String"
	}
	return "Any"
}

// usesRoot reports whether a reference of e starts at root.
func usesRoot(e policylang.Expr, root policylang.Root) bool {
	switch e := e.(type) {
	case *policylang.Ref:
		return e.Root == root
	case *policylang.Coll:
		return usesRoot(e.Ref, root) || usesRoot(e.Pred, root)
	case *policylang.Negation:
		return usesRoot(e.X, root)
	case *policylang.Logic:
		return usesRoot(e.L, root) || usesRoot(e.R, root)
	case *policylang.Compare:
		return usesRoot(e.L, root) || usesRoot(e.R, root)
	case *policylang.InList:
		return usesRoot(e.X, root) || usesRoot(e.List, root)
	case *policylang.ListLit:
		for _, el := range e.Elems {
			if usesRoot(el, root) {
				return true
			}
		}
	case *policylang.Func:
		for _, a := range e.Args {
			if usesRoot(a, root) {
				return true
			}
		}
	}
	return false
}
