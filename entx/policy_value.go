package entx

import (
	"fmt"
	"strconv"
	"strings"

	"entgo.io/ent/entc/gen"
	"github.com/entstack/entstack/entx/policylang"
)

// goVal is a value known in Go when the policy runs: a literal, auth()'s
// fields, a mutation value, a loaded row's field. Guard is the condition
// under which it is not null: a guard that is constant false is a value
// that is null at run time (auth() of an anonymous viewer, the id of a row
// not created yet), unlike Null, the literal null.
type goVal struct {
	Guard *goBool
	Val   string
	Kind  policylang.Kind
	Const bool   // Val is a Go constant (a literal or an enum value)
	Null  bool   // the literal null
	Elem  string // a list: the Go type of its elements
}

var nullVal = goVal{Guard: gFalse, Val: "nil", Kind: policylang.KindNull, Null: true}

// literal renders a checked literal as a Go value.
func (ix *index) literal(e policylang.Expr) (goVal, bool) {
	switch e := e.(type) {
	case *policylang.Lit:
		v := goVal{Guard: gTrue, Kind: e.T.Kind, Const: true}
		switch x := e.Value.(type) {
		case nil:
			return nullVal, true
		case bool:
			v.Val = strconv.FormatBool(x)
		case int64:
			v.Val = strconv.FormatInt(x, 10)
		case float64:
			v.Val = strconv.FormatFloat(x, 'g', -1, 64)
			if !strings.ContainsAny(v.Val, ".e") {
				v.Val += ".0"
			}
		case string:
			v.Val = strconv.Quote(x)
		default:
			return goVal{}, false
		}
		return v, true
	case *policylang.EnumLit:
		f, t := ix.fields[e.Field], ix.owners[e.Field]
		for _, en := range f.Enums {
			if en.Value == e.Name {
				return goVal{Guard: gTrue, Val: t.Package() + "." + en.Name, Kind: policylang.KindEnum, Const: true}, true
			}
		}
	case *policylang.Func:
		if e.Name == policylang.FnNow {
			return goVal{Guard: gTrue, Val: "privacy.Now()", Kind: policylang.KindTime}, true
		}
	}
	return goVal{}, false
}

// viewerKnown is the guard of every use of auth(): the viewer is not anonymous.
func viewerKnown() *goBool { return gCmp(viewerVar, "!=", "nil", true) }

// viewerLoaded guards the use of the viewer's entity.
func viewerLoaded() *goBool { return gCmp(viewerEntity, "!=", "nil", true) }

// authVal renders auth(), auth().field, and auth().relation when the auth
// model holds its foreign key as a field: values of the loaded viewer. ok
// is false for the other relations of auth(), which are read in SQL.
func (ix *index) authVal(r *policylang.Ref) (goVal, bool) {
	switch {
	case len(r.Path) == 0 && r.Field == nil:
		return goVal{Guard: viewerKnown(), Val: viewerID, Kind: policylang.KindModel}, true
	case len(r.Path) == 0:
		return ix.structVal(viewerEntity, viewerLoaded(), r.Field), true
	case len(r.Path) == 1 && r.Field == nil && r.Path[0].FK != nil:
		v := ix.structVal(viewerEntity, viewerLoaded(), r.Path[0].FK)
		v.Kind = policylang.KindModel
		return v, true
	}
	return goVal{}, false
}

// structVal reads field pf of the entity variable v, non-null under guard.
func (ix *index) structVal(v string, guard *goBool, pf *policylang.Field) goVal {
	f := ix.fields[pf]
	val := v + "." + f.StructField()
	if f.NillableValue() {
		guard = gAnd(guard, gCmp(val, "!=", "nil", true))
		val = "*" + val
	}
	out := goVal{Guard: guard, Val: val, Kind: pf.Kind}
	if pf.List {
		out.Elem = listElem(f)
	}
	return out
}

// listElem is the Go type of the elements of a list field.
func listElem(f *gen.Field) string { return strings.TrimPrefix(f.Type.String(), "[]") }

// goCompare renders l op r over Go values. Only the literal null tests for
// null: a value that turns out null at run time (auth() when anonymous, an
// unset field) equals nothing, differs from everything and orders against
// nothing, so `auth() == author` never holds for an anonymous viewer.
func goCompare(l goVal, op policylang.Op, r goVal) *goBool {
	if op == policylang.NEQ {
		return gNot(goCompare(l, policylang.EQ, r))
	}
	if l.Null || r.Null {
		switch {
		case op != policylang.EQ:
			return gFalse
		case l.Null && r.Null:
			return gTrue
		case l.Null:
			return gNot(r.Guard)
		}
		return gNot(l.Guard)
	}
	if l.Const && !r.Const {
		// Constants go right, where gAnd looks for x == A && x == B.
		l, r, op = r, l, flip(op)
	}
	lv, rv := l.Val, r.Val
	if l.Kind != r.Kind && (l.Kind == policylang.KindFloat || r.Kind == policylang.KindFloat) {
		lv, rv = "float64("+lv+")", "float64("+rv+")"
	}
	if l.Kind == policylang.KindTime && r.Kind == policylang.KindTime {
		return gAnd(l.Guard, r.Guard, gAtom(timeCmp(lv, op, rv)))
	}
	return gAnd(l.Guard, r.Guard, gCmp(lv, goOps[op], rv, r.Const))
}

// timeCmp compares two time.Time values.
func timeCmp(l string, op policylang.Op, r string) string {
	switch op {
	case policylang.EQ:
		return l + ".Equal(" + r + ")"
	case policylang.LT:
		return l + ".Before(" + r + ")"
	case policylang.GT:
		return l + ".After(" + r + ")"
	case policylang.LTE:
		return "!" + l + ".After(" + r + ")"
	}
	return "!" + l + ".Before(" + r + ")"
}

var goOps = map[policylang.Op]string{policylang.EQ: "==", policylang.NEQ: "!=", policylang.LT: "<", policylang.LTE: "<=", policylang.GT: ">", policylang.GTE: ">="}

var opNames = map[policylang.Op]string{policylang.EQ: "privacy.EQ", policylang.NEQ: "privacy.NEQ", policylang.LT: "privacy.LT", policylang.LTE: "privacy.LTE", policylang.GT: "privacy.GT", policylang.GTE: "privacy.GTE"}

// flip mirrors an operator for swapped operands (a < b ⇔ b > a).
func flip(op policylang.Op) policylang.Op {
	switch op {
	case policylang.LT:
		return policylang.GT
	case policylang.LTE:
		return policylang.GTE
	case policylang.GT:
		return policylang.LT
	case policylang.GTE:
		return policylang.LTE
	}
	return op
}

// strFunc renders contains/startsWith/endsWith over Go values.
func strFunc(name string, s, sub goVal, fold string) *goBool {
	return gAnd(s.Guard, sub.Guard, gAtom(fmt.Sprintf("privacy.StrMatch(%q, %s, %s, %s)", name, s.Val, sub.Val, fold)))
}

// foldArg is the caseInsensitive argument of a string function.
func foldArg(f *policylang.Func) string {
	if len(f.Args) == 3 {
		if l, ok := f.Args[2].(*policylang.Lit); ok && l.Value == true {
			return "true"
		}
	}
	return "false"
}

func colName(t *gen.Type, f *gen.Field) string { return t.Package() + "." + f.Constant() }

// goIn renders x in [elems…] over Go values.
func (ix *index) goIn(x goVal, list *policylang.ListLit) *goBool {
	var ors []*goBool
	for _, el := range list.Elems {
		v, _ := ix.literal(el)
		ors = append(ors, goCompare(x, policylang.EQ, v))
	}
	return gOr(ors...)
}

// listArgs renders the elements of a list literal as Go arguments.
func (ix *index) listArgs(list *policylang.ListLit) string {
	var vals []string
	for _, el := range list.Elems {
		v, _ := ix.literal(el)
		vals = append(vals, v.Val)
	}
	return strings.Join(vals, ", ")
}

// listVal renders a list literal as a Go slice of elem.
func (ix *index) listVal(list *policylang.ListLit, elem string) goVal {
	return goVal{Guard: gTrue, Val: "[]" + elem + "{" + ix.listArgs(list) + "}", Kind: list.T.Kind, Elem: elem}
}

// goElem is the Go type of values of kind k in a list literal compared with
// a column.
func goElem(k policylang.Kind) string {
	switch k {
	case policylang.KindInt:
		return "int"
	case policylang.KindFloat:
		return "float64"
	case policylang.KindBool:
		return "bool"
	}
	return "string"
}
