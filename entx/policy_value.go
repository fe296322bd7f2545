package entx

import (
	"fmt"
	"strconv"
	"strings"

	"entgo.io/ent/entc/gen"
	"github.com/entstack/entstack/entx/policylang"
)

// goVal is a value known in Go when the policy runs: a literal, auth()'s
// fields, a mutation value, a loaded row's field. Guard is the Go condition
// under which it is not null ("true": never null, "false": null).
type goVal struct {
	Guard string
	Val   string
	Kind  policylang.Kind
}

var nullVal = goVal{Guard: "false", Val: "nil", Kind: policylang.KindNull}

// literal renders a checked literal as a Go value.
func (ix *index) literal(e policylang.Expr) (goVal, bool) {
	switch e := e.(type) {
	case *policylang.Lit:
		switch v := e.Value.(type) {
		case nil:
			return nullVal, true
		case bool:
			return goVal{Guard: "true", Val: strconv.FormatBool(v), Kind: policylang.KindBool}, true
		case int64:
			return goVal{Guard: "true", Val: strconv.FormatInt(v, 10), Kind: policylang.KindInt}, true
		case float64:
			s := strconv.FormatFloat(v, 'g', -1, 64)
			if !strings.ContainsAny(s, ".e") {
				s += ".0"
			}
			return goVal{Guard: "true", Val: s, Kind: policylang.KindFloat}, true
		case string:
			return goVal{Guard: "true", Val: strconv.Quote(v), Kind: policylang.KindString}, true
		}
	case *policylang.EnumLit:
		f, t := ix.fields[e.Field], ix.owners[e.Field]
		for _, en := range f.Enums {
			if en.Value == e.Name {
				return goVal{Guard: "true", Val: t.Package() + "." + en.Name, Kind: policylang.KindEnum}, true
			}
		}
	case *policylang.Func:
		if e.Name == "now" {
			return goVal{Guard: "true", Val: "privacy.Now()", Kind: policylang.KindTime}, true
		}
	}
	return goVal{}, false
}

// authVal renders auth() or auth().field.
func (ix *index) authVal(r *policylang.Ref) (goVal, error) {
	if len(r.Path) > 0 {
		return goVal{}, fmt.Errorf("column %d: relations of auth() are not supported (auth().%s)", r.At+1, r.Path[0].Name)
	}
	if r.Field == nil {
		return goVal{Guard: viewerVar + " != nil", Val: viewerID, Kind: policylang.KindModel}, nil
	}
	return ix.structVal(viewerEntity, viewerEntity+" != nil", r.Field), nil
}

// structVal reads field pf of the entity variable v, non-null under guard.
func (ix *index) structVal(v, guard string, pf *policylang.Field) goVal {
	f := ix.fields[pf]
	val := v + "." + f.StructField()
	if f.NillableValue() {
		guard = and(guard, val+" != nil")
		val = "*" + val
	}
	return goVal{Guard: guard, Val: val, Kind: pf.Kind}
}

func and(a, b string) string {
	switch {
	case a == "true":
		return b
	case b == "true":
		return a
	case a == "false" || b == "false":
		return "false"
	}
	return a + " && " + b
}

// goCompare renders l op r over Go values. Only the literal null tests for
// null: a value that turns out null at run time (auth() when anonymous, an
// unset field) equals nothing, differs from everything and orders against
// nothing, so `auth() == author` never holds for an anonymous viewer.
func goCompare(l goVal, op policylang.Op, r goVal) string {
	lv, rv := l.Val, r.Val
	if l.Kind != r.Kind && (l.Kind == policylang.KindFloat || r.Kind == policylang.KindFloat) {
		lv, rv = "float64("+lv+")", "float64("+rv+")"
	}
	if op == policylang.NEQ {
		return "!(" + goCompare(l, policylang.EQ, r) + ")"
	}
	if l.Guard == "false" || r.Guard == "false" {
		if op != policylang.EQ {
			return "false"
		}
		switch {
		case l.Guard == "false" && r.Guard == "false":
			return "true"
		case l.Guard == "false":
			return "!(" + r.Guard + ")"
		}
		return "!(" + l.Guard + ")"
	}
	cmp := fmt.Sprintf("%s %s %s", lv, goOps[op], rv)
	g := and(l.Guard, r.Guard)
	if g == "true" {
		return "(" + cmp + ")"
	}
	return "(" + g + " && " + cmp + ")"
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
func strFunc(name string, s, sub goVal, fold string) string {
	return fmt.Sprintf("(%s && privacy.StrMatch(%q, %s, %s, %s))", and(s.Guard, sub.Guard), name, s.Val, sub.Val, fold)
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
func (ix *index) goIn(x goVal, e *policylang.InList) string {
	if len(e.List.Elems) == 0 {
		return "false"
	}
	var ors []string
	for _, el := range e.List.Elems {
		v, _ := ix.literal(el)
		ors = append(ors, goCompare(x, policylang.EQ, v))
	}
	return "(" + strings.Join(ors, " || ") + ")"
}

// listArgs renders the elements of a list literal as Go arguments.
func (ix *index) listArgs(e *policylang.InList) string {
	var vals []string
	for _, el := range e.List.Elems {
		v, _ := ix.literal(el)
		vals = append(vals, v.Val)
	}
	return strings.Join(vals, ", ")
}
